package io.eventengine.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How a put waits when the queue is full, as PyEventEngine's {@code block}, {@code max_spin} and {@code timeout}.
 *
 * <p>A blocking put retries {@code maxSpin} times with {@link Thread#onSpinWait()}, then parks until the dispatcher
 * frees room (it wakes parked producers) or the timeout ends; {@link Duration#ZERO} waits for ever. A non-blocking put
 * fails at once. Either way a put that gives up throws {@link QueueFullException} and queues nothing.
 *
 * @param block whether to wait for room
 * @param maxSpin retries before parking (0 parks at once)
 * @param timeout longest wait; zero waits for ever
 */
public record PublishOptions(boolean block, int maxSpin, Duration timeout) {
    /** Spins before parking by default: short, because spinning costs a core that a 2-core machine lacks. */
    public static final int DEFAULT_MAX_SPIN = 256;

    /** Wait for ever (PyEventEngine's default). */
    public static final PublishOptions BLOCKING = new PublishOptions(true, DEFAULT_MAX_SPIN, Duration.ZERO);

    /** Never wait: a full queue throws {@link QueueFullException}. */
    public static final PublishOptions NON_BLOCKING = new PublishOptions(false, 0, Duration.ZERO);

    public PublishOptions {
        Objects.requireNonNull(timeout, "timeout");
        if (maxSpin < 0) {
            throw new IllegalArgumentException("maxSpin must be >= 0, got " + maxSpin);
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0 (zero waits for ever), got " + timeout);
        }
    }

    /** Wait at most {@code timeout} for room (zero: for ever). */
    public static PublishOptions blocking(Duration timeout) {
        return new PublishOptions(true, DEFAULT_MAX_SPIN, timeout);
    }

    /** The same options with another spin count. */
    public PublishOptions withMaxSpin(int maxSpin) {
        return new PublishOptions(block, maxSpin, timeout);
    }

    long timeoutNanos() {
        return timeout.isZero() ? 0 : Math.max(1, saturatedNanos(timeout));
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
