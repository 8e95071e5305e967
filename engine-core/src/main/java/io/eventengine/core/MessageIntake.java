package io.eventengine.core;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The producer side of an engine: validates and stamps messages, offers them to the queue, and turns a full queue into
 * the caller's choice (wait, fail, or report), with the monitoring events and error messages that go with it. Called on any
 * thread; a put from the dispatcher thread never waits (it is the only thread that frees room).
 */
final class MessageIntake {
    private final String name;
    private final MpscMessageQueue queue;
    private final DispatchLoop loop;
    private final CloseBarrier barrier;
    private final Monitor monitor;
    private final AtomicLong rejectedPuts = new AtomicLong();

    MessageIntake(String name, MpscMessageQueue queue, DispatchLoop loop, CloseBarrier barrier, Monitor monitor) {
        this.name = name;
        this.queue = queue;
        this.loop = loop;
        this.barrier = barrier;
        this.monitor = monitor;
    }

    long rejectedPuts() {
        return rejectedPuts.get();
    }

    /**
     * Queues a message if there is room now. A refusal counts as a rejected put only when {@code countRefusal}: a
     * producer that retries until there is room (an adapter waiting without blocking) counts its wait once, when it
     * gives up ({@link #recordRejectedPut}), or not at all when it gets in.
     */
    boolean tryPut(MessagePayload message, boolean countRefusal) {
        beforeOffer(message);
        if (queue.offer(message)) {
            accepted(message);
            return true;
        }
        if (queue.isClosing()) {
            throw closedError(message.topic(), "while the put was being made");
        }
        if (countRefusal) {
            rejected(message.topic(), false, 0);
        }
        return false;
    }

    /** A retrying producer gave up waiting for room on {@code topic} (see {@link #tryPut}), after {@code waitedNanos}. */
    void recordRejectedPut(@Nullable Topic topic, long waitedNanos) {
        rejectedPuts.incrementAndGet();
        if (topic != null && (monitor.active() & Monitor.bit(Monitor.REJECT)) != 0) {
            monitor.fireReject(topic, queue.capacity(), false, waitedNanos);
        }
    }

    /**
     * A put's read of the queue's gate before its offer: 0 while the engine is open and no tool wants a producer-side
     * event, so the closed check and the monitoring site cost one load and one branch together.
     */
    private void beforeOffer(MessagePayload message) {
        int gate = queue.gate();
        if (gate != 0) {
            beforeOfferSlowly(message, gate);
        }
    }

    /** A closed engine refuses; a tool that wants CAPTURE puts its contexts into the message before the offer. */
    private void beforeOfferSlowly(MessagePayload message, int gate) {
        if ((gate & MpscMessageQueue.CLOSING) != 0) {
            throw closedError(message.topic());
        }
        if ((gate & Monitor.bit(Monitor.CAPTURE)) != 0) {
            monitor.fireCapture(message);
        }
    }

    /** A put found the queue full and gave up ({@code accepted} false: a rejected put) or got in after waiting. */
    private void rejected(Topic topic, boolean accepted, long waitedNanos) {
        if (!accepted) {
            rejectedPuts.incrementAndGet();
        }
        if ((monitor.active() & Monitor.bit(Monitor.REJECT)) != 0) {
            monitor.fireReject(topic, queue.capacity(), accepted, waitedNanos);
        }
    }

    /** Queues a message, waiting on a full queue as {@code options} say; see {@link EventPublisher#publish}. */
    void put(MessagePayload message, PublishOptions options) {
        beforeOffer(message);
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
            rejected(topic, false, 0);
            throw new QueueFullException(onDispatcher ? dispatcherFullMessage(topic) : nonBlockingFullMessage(topic));
        }
        long waitStart = System.nanoTime();
        boolean accepted = queue.offer(message, options.maxSpin(), options.timeoutNanos());
        long waited = System.nanoTime() - waitStart;
        if (!accepted && queue.isClosing()) {
            throw closedError(topic, "while the put waited for room");
        }
        rejected(topic, accepted, waited);
        if (!accepted) {
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
     * After a successful offer, the put's second read of the gate (after the offer: close may have begun meanwhile).
     * A put that got in as close began waits for the final sweep and keeps its result only if its message was
     * dispatched or counted as abandoned (see {@link CloseBarrier}); the consumer's own thread never waits, since its
     * message is in the queue before the sweep that it runs or precedes.
     */
    private void accepted(MessagePayload message) {
        // Small enough to inline into every put (a longer body did not, and cost the put a call when no tool listens).
        int gate = queue.gate();
        if (gate != 0) {
            acceptedSlowly(message, gate);
        }
    }

    private void acceptedSlowly(MessagePayload message, int gate) {
        if ((gate & MpscMessageQueue.CLOSING) != 0 && loop.owner() != Thread.currentThread()) {
            barrier.awaitSwept();
            long seq = message.seqId();
            if (seq < 0 && seq != MessagePayload.ABANDONED) {
                throw closedError(message.topic(), "while the put was being made; it was not delivered");
            }
        }
        if ((gate & Monitor.bit(Monitor.PUBLISH)) != 0) {
            monitor.firePublish(message);
        }
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

    /** The closed check is the put's, in {@link #beforeOffer}: it reads the word that also holds the monitoring bits. */
    private static void checkPublishable(Topic topic) {
        Objects.requireNonNull(topic, "topic");
        if (!topic.isExact()) {
            throw patternError(topic);
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
        if ((queue.gate() & Monitor.bit(Monitor.CAPTURE)) != 0) {
            monitor.fireCapture(tick);
        }
        boolean queued = queue.offer(tick);
        if (queued) {
            accepted(tick);
        }
        if ((monitor.active() & Monitor.bit(Monitor.TIMER_TICK)) != 0) {
            monitor.fireTimerTick(tick.topic(), queued);
        }
        return queued;
    }
}
