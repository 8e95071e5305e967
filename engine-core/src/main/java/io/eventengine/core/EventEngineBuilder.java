package io.eventengine.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Configures an {@link EventEngine}; from {@link EventEngine#builder()}. Every setting has a default, so {@code
 * EventEngine.builder().build()} works.
 */
public final class EventEngineBuilder {
    int capacity = 4096;
    String name = "eventengine";
    int batchSize = 256;
    IdleStrategy idleStrategy = IdleStrategy.backoff();
    int routeCacheSize = 16_384;
    boolean hookStats;
    EngineClock clock = EngineClock.system();
    PublishOptions publishOptions = PublishOptions.BLOCKING;
    Duration closeTimeout = Duration.ofSeconds(30);
    Duration stallThreshold = Duration.ofSeconds(5);

    EventEngineBuilder() {}

    /**
     * Queue capacity, rounded up to a power of two (default 4096, PyEventEngine's 4095 rounded up). At least 2.
     */
    public EventEngineBuilder capacity(int capacity) {
        if (capacity < 2 || capacity > (1 << 30)) {
            throw new IllegalArgumentException("capacity must be between 2 and 2^30, got " + capacity);
        }
        this.capacity = capacity;
        return this;
    }

    /** Prefix of the engine's thread names (default {@code eventengine}). */
    public EventEngineBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** Most messages the dispatcher takes per pass (default 256). */
    public EventEngineBuilder batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** What the dispatcher does on an empty queue (default {@link IdleStrategy#backoff()}). */
    public EventEngineBuilder idleStrategy(IdleStrategy idleStrategy) {
        this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
        return this;
    }

    /** Most exact topics whose resolved route is remembered (default 16384). */
    public EventEngineBuilder routeCacheSize(int routeCacheSize) {
        if (routeCacheSize < 1) {
            throw new IllegalArgumentException("routeCacheSize must be >= 1, got " + routeCacheSize);
        }
        this.routeCacheSize = routeCacheSize;
        return this;
    }

    /** Whether hooks the engine creates time and count their handlers (default false: no cost). */
    public EventEngineBuilder hookStats(boolean hookStats) {
        this.hookStats = hookStats;
        return this;
    }

    /** The clock for timers and timestamps (default {@link EngineClock#system()}; tests use {@code io.eventengine.test.ManualClock}). */
    public EventEngineBuilder clock(EngineClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * How {@code publish} and {@code put} without options of their own wait on a full queue (default {@link
     * PublishOptions#BLOCKING}: for ever). {@link PublishOptions#NON_BLOCKING} makes every such publish fail fast.
     */
    public EventEngineBuilder publishOptions(PublishOptions publishOptions) {
        this.publishOptions = Objects.requireNonNull(publishOptions, "publishOptions");
        return this;
    }

    /**
     * How long {@link EventEngine#close()} delivers pending messages before giving up (default 30 s): {@link
     * Duration#ZERO} does not wait (what is queued is abandoned and counted), {@link EventEngine#FOREVER} waits until
     * every accepted message is delivered.
     */
    public EventEngineBuilder closeTimeout(Duration closeTimeout) {
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("closeTimeout must be >= 0 (Duration.ZERO never waits,"
                    + " EventEngine.FOREVER waits for ever), got " + closeTimeout);
        }
        this.closeTimeout = closeTimeout;
        return this;
    }

    /**
     * How long one message may hold the dispatcher before the engine reports it while it still runs (default 5 s;
     * {@link Duration#ZERO} turns the watchdog off): a WARN naming the hook, the handler's frame and the message, with
     * the dispatcher's stack, a count in {@link EngineStats#handlerStalls()} and a JFR {@code
     * io.eventengine.HandlerStall} event. A watchdog thread samples the dispatcher four times per threshold, so the
     * dispatcher itself pays nothing for it.
     */
    public EventEngineBuilder stallThreshold(Duration stallThreshold) {
        if (stallThreshold.isNegative()) {
            throw new IllegalArgumentException(
                    "stallThreshold must be >= 0 (zero turns it off), got " + stallThreshold);
        }
        this.stallThreshold = stallThreshold;
        return this;
    }

    /** A new, stopped engine. */
    public EventEngine build() {
        return new EventEngine(this);
    }
}
