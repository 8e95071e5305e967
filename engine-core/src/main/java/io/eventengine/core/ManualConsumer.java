package io.eventengine.core;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Taking messages by hand, for engines that are not running ({@link EventEngine#take()}, {@code poll}, {@code
 * tryPoll}): one thread at a time claims the queue's consumer side from the dispatch loop, takes one message (numbered
 * like a dispatched one, but not dispatched) and gives the consumer side back.
 */
final class ManualConsumer {
    private final String name;
    private final MpscMessageQueue queue;
    private final DispatchLoop loop;
    private final EngineLifecycle lifecycle;

    ManualConsumer(String name, MpscMessageQueue queue, DispatchLoop loop, EngineLifecycle lifecycle) {
        this.name = name;
        this.queue = queue;
        this.loop = loop;
        this.lifecycle = lifecycle;
    }

    /** Null when no message came in time; see {@link EventEngine#poll(Duration, int)} for the errors. */
    @Nullable
    MessagePayload poll(String verb, Duration timeout, int maxSpin) {
        if (timeout.isNegative() || maxSpin < 0) {
            throw new IllegalArgumentException(verb + " needs a timeout >= 0 (Duration.ZERO never waits,"
                    + " EventEngine.FOREVER waits for ever) and maxSpin >= 0, got " + timeout + " and " + maxSpin);
        }
        lifecycle.checkNotClosed(verb);
        Thread me = Thread.currentThread();
        if (!loop.tryAcquire(me)) {
            throw new IllegalStateException(
                    lifecycle.isRunning()
                            ? verb + " is for engines driven by hand, but the dispatcher of engine '" + name
                                    + "' is running and takes every message; stop() it first, or register a handler"
                                    + " instead"
                            : "Another thread is taking messages from engine '" + name + "'; only one may at a time");
        }
        try {
            boolean waits = !timeout.isZero();
            MessagePayload message = loop.take(waits, maxSpin, waits ? PublishOptions.deadlineAfter(timeout) : 0);
            if (message == null && queue.isClosing()) {
                throw new IllegalStateException(
                        "Engine '" + name + "' was closed while " + verb + " waited for a message");
            }
            return message;
        } finally {
            loop.release();
        }
    }

    /** Like {@link #poll} but a missing message is a {@link QueueEmptyException} saying why. */
    MessagePayload pollOrThrow(String verb, Duration timeout, int maxSpin) {
        MessagePayload message = poll(verb, timeout, maxSpin);
        if (message == null) {
            throw new QueueEmptyException("No message in engine '" + name + "': "
                    + (timeout.isZero()
                            ? "the queue is empty"
                            : Thread.currentThread().isInterrupted()
                                    ? "the thread was interrupted (its status is kept)"
                                    : "none came within " + timeout));
        }
        return message;
    }
}
