package io.eventengine.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    final List<Topic> retainPatterns = new ArrayList<>();
    int maxRetainedTopics = 10_000;

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
        Objects.requireNonNull(publishOptions, "publishOptions");
        if (publishOptions.retain()) {
            throw new IllegalArgumentException(
                    "publishOptions must not retain (" + publishOptions + "): to retain every"
                            + " message on some topics, configure them with retain(patterns...), e.g. retain(\"**\") for all");
        }
        this.publishOptions = publishOptions;
        return this;
    }

    /**
     * Retains every message published on a topic one of {@code patterns} matches, as if published with {@link
     * PublishOptions#retained()} (MQTT's retain, greenrobot's sticky events). The engine keeps the last retained message
     * of each exact topic; a new subscriber (a handler registration, a {@code Flux}, a {@code Flow}) whose pattern
     * matches it is handed those messages first, in seq order, on the dispatcher thread, and then the live ones, with
     * neither a gap nor a duplicate between the two. A retained message without arguments ({@link
     * MessagePayload#isEmpty()}) clears its topic and is delivered live. May be called several times; the patterns add
     * up.
     *
     * @throws TopicSyntaxException for a malformed pattern
     */
    public EventEngineBuilder retain(String... patterns) {
        for (String pattern : patterns) {
            retainPatterns.add(Topic.of(pattern));
        }
        return this;
    }

    /** Same as {@link #retain(String...)} with parsed topics. */
    public EventEngineBuilder retain(Topic... patterns) {
        for (Topic pattern : patterns) {
            retainPatterns.add(Objects.requireNonNull(pattern, "pattern"));
        }
        return this;
    }

    /**
     * Most topics whose retained message is kept (default 10,000). Retaining a message on a new topic when the limit is
     * reached evicts the topic whose retained message was updated least recently (logged at WARN the first time, then
     * at DEBUG); re-retaining on a held topic refreshes it.
     */
    public EventEngineBuilder maxRetainedTopics(int maxRetainedTopics) {
        if (maxRetainedTopics < 1) {
            throw new IllegalArgumentException("maxRetainedTopics must be >= 1, got " + maxRetainedTopics);
        }
        this.maxRetainedTopics = maxRetainedTopics;
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
