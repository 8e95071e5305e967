package io.eventengine.core;

import java.util.Collections;
import java.util.List;
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
    private final MpscMessageQueue queue;
    private final DispatchLoop loop;
    private final CloseBarrier barrier;
    private final AtomicLong rejectedPuts = new AtomicLong();

    MessageIntake(String name, MpscMessageQueue queue, DispatchLoop loop, CloseBarrier barrier) {
        this.name = name;
        this.queue = queue;
        this.loop = loop;
        this.barrier = barrier;
    }

    long rejectedPuts() {
        return rejectedPuts.get();
    }

    /**
     * Queues a message if there is room now. A refusal counts as a rejected put only when {@code countRefusal}: a
     * producer that retries until there is room (an adapter waiting without blocking) counts its wait once, when it
     * gives up ({@link #recordRejectedPut()}), or not at all when it gets in.
     */
    boolean tryPut(MessagePayload message, boolean countRefusal) {
        if (queue.offer(message)) {
            accepted(message);
            return true;
        }
        if (queue.isClosing()) {
            throw closedError(message.topic(), "while the put was being made");
        }
        if (countRefusal) {
            rejectedPuts.incrementAndGet();
        }
        recordQueueFull(message, false, null);
        return false;
    }

    /** A retrying producer gave up waiting for room (see {@link #tryPut}). */
    void recordRejectedPut() {
        rejectedPuts.incrementAndGet();
    }

    /** Queues a message, waiting on a full queue as {@code options} say; see {@link EventPublisher#publish}. */
    void put(MessagePayload message, PublishOptions options) {
        if (queue.offer(message)) {
            accepted(message);
            return;
        }
        putWhenFull(message, options);
    }

    /** Out of line, so that the JIT inlines the common path of {@link #put} into its caller. */
    private void putWhenFull(MessagePayload message, PublishOptions options) {
        Topic topic = message.topic();
        if (queue.isClosing()) {
            throw closedError(topic, "while the put was being made");
        }
        boolean onDispatcher = loop.owner() == Thread.currentThread();
        if (!options.waits() || onDispatcher) {
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
        if (!accepted && queue.isClosing()) {
            throw closedError(topic, "while the put waited for room");
        }
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
        accepted(message);
    }

    /**
     * After a successful offer. While the engine is open, one volatile read. A put that got in as close began waits
     * for the final sweep and keeps its result only if its message was dispatched or counted as abandoned (see {@link
     * CloseBarrier}); the consumer's own thread never waits, since its message is in the queue before the sweep that
     * it runs or precedes.
     */
    private void accepted(MessagePayload message) {
        if (queue.isClosing() && loop.owner() != Thread.currentThread()) {
            barrier.awaitSwept();
            long seq = message.seqId();
            if (seq < 0 && seq != MessagePayload.ABANDONED) {
                throw closedError(message.topic(), "while the put was being made; it was not delivered");
            }
        }
        onPublished(message);
    }

    private IllegalStateException closedError(Topic topic, String when) {
        return new IllegalStateException("Engine '" + name + "' was closed " + when + ": the message on '" + topic
                + "' was not accepted. Build a new engine, or publish before close()");
    }

    /** A new message of a varargs publish (see {@link MessagePayload#forPublish(Topic, Object[], Map, long)}). */
    MessagePayload newMessage(Topic topic, @Nullable Object @Nullable [] args) {
        checkPublishable(topic);
        return MessagePayload.forPublish(topic, args, Map.of(), parentSeq());
    }

    /** A new message with copies of {@code args} and {@code kwargs}. */
    MessagePayload newMessage(Topic topic, List<?> args, Map<String, ?> kwargs) {
        return newMessage(topic, args, kwargs, parentSeq());
    }

    /** A new message with copies of {@code args} and {@code kwargs}, the causal parent given by the caller. */
    MessagePayload newMessage(Topic topic, List<?> args, Map<String, ?> kwargs, long parentSeqId) {
        checkPublishable(topic);
        return MessagePayload.forPublish(topic, args, MessagePayload.copyKwargs(kwargs), parentSeqId);
    }

    private void checkPublishable(Topic topic) {
        Objects.requireNonNull(topic, "topic");
        if (!topic.isExact()) {
            throw patternError(topic);
        }
        if (queue.isClosing()) {
            throw closedError(topic);
        }
    }

    private static IllegalArgumentException patternError(Topic topic) {
        return new IllegalArgumentException("Cannot publish to '" + topic + "': it is a pattern. Publish to an exact"
                + " topic (register handlers on patterns), e.g. with topic.formatStrict(values)");
    }

    private IllegalStateException closedError(Topic topic) {
        return new IllegalStateException("Engine '" + name + "' is closed: the message on '" + topic
                + "' was not accepted. Build a new engine, or publish before close()");
    }

    /** The message being dispatched when a handler publishes (its causal parent), else none. */
    private long parentSeq() {
        return loop.owner() == Thread.currentThread() ? loop.currentSeq() : MessagePayload.NO_SEQ;
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
                + " PublishOptions that wait for room (PublishOptions.waitAtMost(timeout) or BLOCKING), slow the"
                + " producer, or raise the capacity"
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
        if (queue.isClosing()) {
            return false;
        }
        return offerTickNow(MessagePayload.forPublish(
                topic, List.of(), Collections.unmodifiableMap(kwargs), MessagePayload.NO_SEQ));
    }

    /**
     * Not {@link #tryPut}: a tick that races with close must not wait for the sweep (close joins the timer thread
     * first), and no caller needs its outcome; nor is a refused tick a rejected put (it is counted as dropped).
     */
    private boolean offerTickNow(MessagePayload tick) {
        if (queue.offer(tick)) {
            onPublished(tick);
            return true;
        }
        recordQueueFull(tick, false, null);
        return false;
    }
}
