package io.eventengine.test;

import io.eventengine.core.EventHandler;
import io.eventengine.core.MessagePayload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A handler that keeps every message it receives, for assertions. Thread-safe: with a started engine, {@link
 * #awaitCount} waits for the dispatcher's deliveries; with a {@link SynchronousEngine} the messages are there when
 * {@code deliverAll()} returns.
 */
public final class MessageRecorder implements EventHandler {
    private final List<MessagePayload> messages = new ArrayList<>();

    @Override
    public synchronized void handle(MessagePayload message) {
        messages.add(message);
        notifyAll();
    }

    /** What was received so far, in order of delivery (a copy). */
    public synchronized List<MessagePayload> messages() {
        return List.copyOf(messages);
    }

    /** How many messages were received so far. */
    public synchronized int count() {
        return messages.size();
    }

    /**
     * Waits until at least {@code count} messages were received, at most {@code timeout}.
     *
     * @return the messages received so far (at least {@code count})
     * @throws AssertionError when the time ran out, naming how many arrived and which
     * @throws IllegalArgumentException when {@code count} or {@code timeout} is negative
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public synchronized List<MessagePayload> awaitCount(int count, Duration timeout) throws InterruptedException {
        if (count < 0 || timeout.isNegative()) {
            throw new IllegalArgumentException(
                    "count and timeout must be >= 0, got count " + count + " and timeout " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (messages.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected at least " + count + " messages within " + timeout + ", got "
                        + messages.size() + ": " + messages);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(messages);
    }

    @Override
    public synchronized String toString() {
        return "MessageRecorder" + messages;
    }
}
