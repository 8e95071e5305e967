package io.eventengine.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a publish waits for room when the queue is full. The timeout follows the library's one rule: a {@code
 * Duration} is how long to wait, {@link Duration#ZERO} never waits, and {@link EventEngine#FOREVER} waits until there
 * is room (or the engine closes). A publish that gives up throws {@link QueueFullException} and queues nothing.
 *
 * <p>A waiting publish first retries {@code maxSpin} times with {@link Thread#onSpinWait()}, then parks until the
 * dispatcher frees room (it wakes parked producers) or the timeout ends. PyEventEngine's {@code put(topic, *args,
 * block=, max_spin=, timeout=)} reads as: {@code block=False} is {@link #NON_BLOCKING}; {@code block=True, timeout=0}
 * (for ever, in Python) is {@link #BLOCKING}; {@code timeout=t} is {@link #waitAtMost(Duration)}; {@code max_spin=n} is
 * {@link #withMaxSpin(int)}.
 *
 * @param timeout the longest wait for room: {@link Duration#ZERO} fails at once, {@link EventEngine#FOREVER} waits for
 *     ever
 * <p>{@link #retained()} publishes retained (MQTT's retain flag): the engine keeps the message as its topic's current
 * value and hands it to every later subscriber whose pattern matches, before live messages; see {@link
 * EventEngineBuilder#retain} for the rules.
 *
 * @param maxSpin retries before parking (0 parks at once); ignored when the timeout is zero
 * @param retain whether the message is retained (its topic's current value for later subscribers)
 */
public record PublishOptions(Duration timeout, int maxSpin, boolean retain) {
    /** Spins before parking by default: short, because spinning costs a core that a 2-core machine lacks. */
    public static final int DEFAULT_MAX_SPIN = 256;

    /** Wait for room for ever: the engine's default (PyEventEngine's too). */
    public static final PublishOptions BLOCKING = new PublishOptions(EventEngine.FOREVER, DEFAULT_MAX_SPIN);

    /** Never wait: a full queue throws {@link QueueFullException} at once. */
    public static final PublishOptions NON_BLOCKING = new PublishOptions(Duration.ZERO, 0);

    /** Options that do not retain. */
    public PublishOptions(Duration timeout, int maxSpin) {
        this(timeout, maxSpin, false);
    }

    public PublishOptions {
        Objects.requireNonNull(timeout, "timeout");
        if (maxSpin < 0) {
            throw new IllegalArgumentException("maxSpin must be >= 0, got " + maxSpin);
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0 (Duration.ZERO never waits, EventEngine.FOREVER"
                    + " waits for ever), got " + timeout);
        }
    }

    /** Wait at most {@code timeout} for room ({@link Duration#ZERO}: not at all; {@link EventEngine#FOREVER}). */
    public static PublishOptions waitAtMost(Duration timeout) {
        return new PublishOptions(timeout, DEFAULT_MAX_SPIN);
    }

    /** The same options with another spin count. */
    public PublishOptions withMaxSpin(int maxSpin) {
        return new PublishOptions(timeout, maxSpin, retain);
    }

    /** The same options, publishing retained: {@code engine.publish(topic, args, kwargs, BLOCKING.retained())}. */
    public PublishOptions retained() {
        return new PublishOptions(timeout, maxSpin, true);
    }

    /** Whether a publish with these options may wait at all (the timeout is not zero). */
    public boolean waits() {
        return !timeout.isZero();
    }

    /** Whether a publish with these options waits for ever. */
    public boolean waitsForever() {
        return isForever(timeout);
    }

    /** The queue's encoding of a wait: 0 for ever, else the nanoseconds (at least 1). */
    long timeoutNanos() {
        return isForever(timeout) ? 0 : Math.max(1, timeout.toNanos());
    }

    /** Whether {@code timeout} means "for ever": {@link EventEngine#FOREVER}, or too long to count in nanoseconds. */
    static boolean isForever(Duration timeout) {
        return saturatedNanos(timeout) == Long.MAX_VALUE;
    }

    /** A {@code System.nanoTime()} deadline {@code timeout} from now, 0 for ever (the engine's encoding). */
    static long deadlineAfter(Duration timeout) {
        if (isForever(timeout)) {
            return 0;
        }
        long deadline = System.nanoTime() + Math.max(1, timeout.toNanos());
        return deadline == 0 ? 1 : deadline;
    }

    /** The longest wait that counts in nanoseconds; anything longer is for ever. */
    private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);

    /**
     * {@code d} in nanoseconds, {@link Long#MAX_VALUE} when too long to count. Compared first rather than caught:
     * {@code toNanos()} of {@link EventEngine#FOREVER} throws, and a JFR profile of a producer waiting on a full queue
     * (every blocking put asks this) showed thousands of deoptimizations of {@code Duration.toNanos} from that throw.
     */
    static long saturatedNanos(Duration d) {
        return d.compareTo(MAX_NANOS) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }
}
