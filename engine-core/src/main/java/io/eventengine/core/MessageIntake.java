package io.eventengine.core;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The producer side of an engine: validates and stamps messages, offers them to the queue, and turns a full queue into
 * the caller's choice (wait, fail, or report), with the JFR events and error messages that go with it. Called on any
 * thread; a put from the dispatcher thread never waits (it is the only thread that frees room).
 */
final class MessageIntake {
    private final String name;
    private final EngineClock clock;
    private final MpscMessageQueue queue;
    private final DispatchLoop loop;
    private final AtomicLong rejectedPuts = new AtomicLong();
    private volatile boolean closed;

    MessageIntake(String name, EngineClock clock, MpscMessageQueue queue, DispatchLoop loop) {
        this.name = name;
        this.clock = clock;
        this.queue = queue;
        this.loop = loop;
    }

    /** Refuses every later put with {@link IllegalStateException}. */
    void close() {
        closed = true;
    }

    long rejectedPuts() {
        return rejectedPuts.get();
    }

    /** Queues a message if there is room now. */
    boolean tryPut(Topic topic, @Nullable Object[] args, Map<String, @Nullable Object> kwargs) {
        return offerNow(newMessage(topic, args, kwargs));
    }

    private boolean offerNow(MessagePayload message) {
        if (queue.offer(message)) {
            onPublished(message);
            return true;
        }
        rejectedPuts.incrementAndGet();
        recordQueueFull(message, false, null);
        return false;
    }

    /** Queues a message, waiting on a full queue as {@code options} say; see {@link EventEngine#publish}. */
    void put(Topic topic, @Nullable Object[] args, Map<String, @Nullable Object> kwargs, PublishOptions options) {
        MessagePayload message = newMessage(topic, args, kwargs);
        if (queue.offer(message)) {
            onPublished(message);
            return;
        }
        boolean onDispatcher = loop.owner() == Thread.currentThread();
        if (!options.block() || onDispatcher) {
            rejectedPuts.incrementAndGet();
            recordQueueFull(message, false, null);
            throw new QueueFullException(onDispatcher ? dispatcherFullMessage(topic) : nonBlockingFullMessage(topic));
        }
        EngineEvents.QueueFull event = null;
        if (EngineEvents.QUEUE_FULL.isEnabled()) {
            event = new EngineEvents.QueueFull();
            event.begin();
        }
        boolean accepted = queue.offer(message, options.maxSpin(), options.timeoutNanos());
        recordQueueFull(message, accepted, event);
        if (!accepted) {
            rejectedPuts.incrementAndGet();
            throw new QueueFullException(
                    Thread.currentThread().isInterrupted()
                            ? "Interrupted while waiting for room in the queue (capacity " + queue.capacity()
                                    + "): the message on '" + topic + "' was not queued; the thread's interrupt status"
                                    + " is kept"
                            : "Queue full (capacity " + queue.capacity() + "): no room for the message on '" + topic
                                    + "' within " + options.timeout() + ". Give consumers more time (a longer"
                                    + " timeout), slow the producer, or raise the capacity");
        }
        onPublished(message);
    }

    private MessagePayload newMessage(Topic topic, @Nullable Object[] args, Map<String, @Nullable Object> kwargs) {
        Objects.requireNonNull(topic, "topic");
        if (!topic.isExact()) {
            throw new IllegalArgumentException("Cannot publish to '" + topic + "': it is a pattern. Publish to an exact"
                    + " topic (register handlers on patterns), e.g. with topic.formatStrict(values)");
        }
        if (closed) {
            throw new IllegalStateException("Engine '" + name + "' is closed: the message on '" + topic
                    + "' was not accepted. Build a new engine, or publish before close()");
        }
        long parent = loop.owner() == Thread.currentThread() ? loop.currentSeq() : MessagePayload.NO_SEQ;
        return new MessagePayload(
                topic,
                args == null ? new Object[] {null} : args,
                kwargs,
                MessagePayload.NO_SEQ,
                clock.millis(),
                parent);
    }

    private void onPublished(MessagePayload message) {
        if (EngineEvents.PUBLISH.isEnabled()) {
            EngineEvents.Publish event = new EngineEvents.Publish();
            event.topic = message.topic().value();
            event.parentSeqId = message.parentSeqId();
            event.occupancy = queue.size();
            event.commit();
        }
    }

    private void recordQueueFull(MessagePayload message, boolean accepted, EngineEvents.@Nullable QueueFull event) {
        if (event == null && EngineEvents.QUEUE_FULL.isEnabled()) {
            event = new EngineEvents.QueueFull();
        }
        if (event != null) {
            event.end();
            event.topic = message.topic().value();
            event.capacity = queue.capacity();
            event.accepted = accepted;
            event.commit();
        }
    }

    private String nonBlockingFullMessage(Topic topic) {
        return "Queue full (capacity " + queue.capacity() + "): the message on '" + topic
                + "' was not queued. Publish with"
                + " blocking PublishOptions to wait for room, slow the producer, or raise the capacity"
                + " (EventEngine.builder().capacity(n))";
    }

    private String dispatcherFullMessage(Topic topic) {
        return "Queue full (capacity " + queue.capacity()
                + ") and this put comes from a handler on the dispatcher thread,"
                + " which must never wait for room since it is what frees it: the message on '" + topic + "' was not"
                + " queued. Publish fewer messages per handled message, raise the capacity, or publish from another"
                + " thread";
    }

    /** A timer tick: never waits, dropped (false) when the queue is full or the engine closed. */
    boolean offerTick(Topic topic, Map<String, Object> kwargs) {
        if (closed) {
            return false;
        }
        return offerNow(new MessagePayload(
                topic,
                new Object[0],
                Collections.unmodifiableMap(kwargs),
                MessagePayload.NO_SEQ,
                clock.millis(),
                MessagePayload.NO_SEQ));
    }
}
