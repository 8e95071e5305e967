package io.eventengine.reactor;

import io.eventengine.core.Overflow;
import io.eventengine.core.Topic;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.util.concurrent.Queues;

/**
 * How a {@link ReactorEngine#flux flux} subscriber buffers: immutable; start from {@link #defaults()} and change what
 * you need with the {@code with...} methods.
 *
 * <pre>{@code
 * FluxOptions options = FluxOptions.defaults().withOverflow(Overflow.DROP_OLDEST).withBufferSize(1024);
 * }</pre>
 *
 * <p>The policies are core's {@link Overflow}; in a flux they read:
 *
 * <ul>
 *   <li>{@link Overflow#BLOCK}: the dispatcher waits (spinning briefly, then parking; no lock held) until the
 *       subscriber requests and frees a slot: the engine's queue fills and producers wait or get {@link
 *       io.eventengine.core.QueueFullException}, so backpressure reaches the producers. Every other subscriber of the
 *       engine waits too. The wait is bounded by {@link #blockTimeout()}; when it runs out the subscriber fails with
 *       {@link io.eventengine.core.SubscriberOverflowException} and is unregistered, and the engine goes on. A handler
 *       that runs on a thread Reactor marks non-blocking (only possible when the engine is driven by hand from such a
 *       thread) never waits: there the subscriber fails at once, as with {@link Overflow#FAIL}.
 *   <li>{@link Overflow#FAIL}: the subscriber fails at once with {@link
 *       io.eventengine.core.SubscriberOverflowException} (after what it buffered was discarded) and is unregistered.
 *   <li>{@link Overflow#DROP_OLDEST} / {@link Overflow#DROP_LATEST}: the oldest buffered or the new message is
 *       dropped, counted in {@link io.eventengine.core.EngineStats#subscriberDrops()} and passed to Reactor's discard
 *       hook.
 * </ul>
 *
 * @param overflow what happens when a message arrives and the subscriber's buffer is full (default {@link
 *     Overflow#BLOCK})
 * @param bufferSize messages buffered per subscriber beyond its demand, exactly (default 256, Reactor's {@code
 *     Queues.SMALL_BUFFER_SIZE}); at least 1
 * @param blockTimeout with {@link Overflow#BLOCK}, the longest the dispatcher waits for the subscriber's demand before
 *     failing it (default 10 s); positive, and never "for ever"
 * @param completeOn a topic (exact or pattern) whose messages complete the flux: the first message dispatched on it
 *     ends the stream after the messages dispatched before it; it is not emitted itself. Null (the default): the flux
 *     never completes on its own (cancel it, or use {@code take}, {@code takeUntilOther}...)
 */
public record FluxOptions(
        Overflow overflow,
        int bufferSize,
        Duration blockTimeout,
        @Nullable Topic completeOn) {
    /** The default buffer size: Reactor's {@code Queues.SMALL_BUFFER_SIZE} (256 unless configured). */
    public static final int DEFAULT_BUFFER_SIZE = Queues.SMALL_BUFFER_SIZE;

    /** The default longest wait of {@link Overflow#BLOCK}. */
    public static final Duration DEFAULT_BLOCK_TIMEOUT = Duration.ofSeconds(10);

    private static final FluxOptions DEFAULTS =
            new FluxOptions(Overflow.BLOCK, DEFAULT_BUFFER_SIZE, DEFAULT_BLOCK_TIMEOUT, null);

    /**
     * Validates the options.
     *
     * @param overflow what a full buffer does
     * @param bufferSize messages buffered beyond the subscriber's demand, at least 1
     * @param blockTimeout the longest wait of {@link Overflow#BLOCK}, positive
     * @param completeOn a topic whose first message completes the flux, or null
     * @throws IllegalArgumentException for a buffer size below 1 or a block timeout that is not positive
     */
    public FluxOptions {
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(blockTimeout, "blockTimeout");
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be >= 1, got " + bufferSize);
        }
        if (blockTimeout.isNegative() || blockTimeout.isZero()) {
            throw new IllegalArgumentException("blockTimeout must be positive (BLOCK never waits for ever), got "
                    + blockTimeout + "; pick a long timeout if you mean a long wait");
        }
    }

    /**
     * {@link Overflow#BLOCK}, 256 messages, a 10 s block timeout, no completion topic.
     *
     * @return the default options
     */
    public static FluxOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The defaults with {@code overflow} and {@code bufferSize}.
     *
     * @param overflow what a full buffer does
     * @param bufferSize messages buffered beyond the subscriber's demand
     * @return the options
     */
    public static FluxOptions of(Overflow overflow, int bufferSize) {
        return new FluxOptions(overflow, bufferSize, DEFAULT_BLOCK_TIMEOUT, null);
    }

    /**
     * These options with another overflow policy.
     *
     * @param overflow what a full buffer does
     * @return the new options
     */
    public FluxOptions withOverflow(Overflow overflow) {
        return new FluxOptions(overflow, bufferSize, blockTimeout, completeOn);
    }

    /**
     * These options with another buffer size.
     *
     * @param bufferSize messages buffered beyond the subscriber's demand
     * @return the new options
     */
    public FluxOptions withBufferSize(int bufferSize) {
        return new FluxOptions(overflow, bufferSize, blockTimeout, completeOn);
    }

    /**
     * These options with another block timeout.
     *
     * @param blockTimeout the longest wait of {@link Overflow#BLOCK}
     * @return the new options
     */
    public FluxOptions withBlockTimeout(Duration blockTimeout) {
        return new FluxOptions(overflow, bufferSize, blockTimeout, completeOn);
    }

    /**
     * These options with a completion topic (null: none); see {@link #completeOn()}.
     *
     * @param completeOn a topic (exact or pattern) whose first message completes the flux, or null
     * @return the new options
     */
    public FluxOptions withCompleteOn(@Nullable Topic completeOn) {
        return new FluxOptions(overflow, bufferSize, blockTimeout, completeOn);
    }

    /**
     * These options with a completion topic parsed by {@link Topic#of}.
     *
     * @param completeOn a topic (exact or pattern), as text
     * @return the new options
     */
    public FluxOptions withCompleteOn(String completeOn) {
        return withCompleteOn(Topic.of(completeOn));
    }
}
