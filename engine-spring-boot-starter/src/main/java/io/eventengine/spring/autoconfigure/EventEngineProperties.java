package io.eventengine.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.SmartLifecycle;

/**
 * The {@code eventengine.*} properties. A setting left unset keeps the engine builder's default (named in each
 * description).
 */
@ConfigurationProperties("eventengine")
public class EventEngineProperties {
    /** The engine's name, shown in its logs, thread name and meters' tags (default "eventengine"). */
    private @Nullable String name;

    /** Queue capacity, rounded up to a power of two, at least 2 (default 4096). */
    private @Nullable Integer capacity;

    /** Messages the dispatcher takes per batch (default 256). */
    private @Nullable Integer batchSize;

    /** What the dispatcher does on an empty queue (default backoff: spin briefly, then park). */
    private @Nullable IdleStrategyName idleStrategy;

    /** Most exact topics whose resolved route is remembered (default 16384). */
    private @Nullable Integer routeCacheSize;

    /** Whether hooks keep per-handler call counts and durations, as EngineStats.hooks() shows them (default false). */
    private @Nullable Boolean hookStats;

    /**
     * How long a publish waits for room in a full queue before it fails with QueueFullException (0: never waits;
     * default: waits for ever).
     */
    private @Nullable Duration publishTimeout;

    /**
     * How long closing the engine may take to deliver what it accepted; what is still undelivered then is counted as
     * abandoned and logged (default 30s).
     */
    private @Nullable Duration closeTimeout;

    /** A handler holding the dispatcher longer than this is logged and counted as a stall (default 5s). */
    private @Nullable Duration stallThreshold;

    /** Topic patterns whose messages are retained: a new subscriber first receives the last one per topic. */
    private List<String> retain = new ArrayList<>();

    /** Most topics with a retained message; the one updated least recently is evicted first (default 10000). */
    private @Nullable Integer maxRetainedTopics;

    private final Lifecycle lifecycle = new Lifecycle();

    private final Metrics metrics = new Metrics();

    private final Observations observations = new Observations();

    public @Nullable String getName() {
        return name;
    }

    public void setName(@Nullable String name) {
        this.name = name;
    }

    public @Nullable Integer getCapacity() {
        return capacity;
    }

    public void setCapacity(@Nullable Integer capacity) {
        this.capacity = capacity;
    }

    public @Nullable Integer getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(@Nullable Integer batchSize) {
        this.batchSize = batchSize;
    }

    public @Nullable IdleStrategyName getIdleStrategy() {
        return idleStrategy;
    }

    public void setIdleStrategy(@Nullable IdleStrategyName idleStrategy) {
        this.idleStrategy = idleStrategy;
    }

    public @Nullable Integer getRouteCacheSize() {
        return routeCacheSize;
    }

    public void setRouteCacheSize(@Nullable Integer routeCacheSize) {
        this.routeCacheSize = routeCacheSize;
    }

    public @Nullable Boolean getHookStats() {
        return hookStats;
    }

    public void setHookStats(@Nullable Boolean hookStats) {
        this.hookStats = hookStats;
    }

    public @Nullable Duration getPublishTimeout() {
        return publishTimeout;
    }

    public void setPublishTimeout(@Nullable Duration publishTimeout) {
        this.publishTimeout = publishTimeout;
    }

    public @Nullable Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(@Nullable Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    public @Nullable Duration getStallThreshold() {
        return stallThreshold;
    }

    public void setStallThreshold(@Nullable Duration stallThreshold) {
        this.stallThreshold = stallThreshold;
    }

    public List<String> getRetain() {
        return retain;
    }

    public void setRetain(List<String> retain) {
        this.retain = retain;
    }

    public @Nullable Integer getMaxRetainedTopics() {
        return maxRetainedTopics;
    }

    public void setMaxRetainedTopics(@Nullable Integer maxRetainedTopics) {
        this.maxRetainedTopics = maxRetainedTopics;
    }

    public Lifecycle getLifecycle() {
        return lifecycle;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Observations getObservations() {
        return observations;
    }

    /** The idle strategies by name (IdleStrategy's factories). */
    public enum IdleStrategyName {
        /** Spin 128 times, yield 8 times, then park: the default. */
        BACKOFF,
        /** Park as soon as the queue is empty. */
        PARKING,
        /** Never park: lowest latency, one core burnt for ever. */
        BUSY_SPIN
    }

    /** {@code eventengine.lifecycle.*}: when the engine starts and stops with the application context. */
    public static class Lifecycle {
        /** Whether the engine's dispatcher starts with the context (false: the application calls start()). */
        private boolean autoStartup = true;

        /**
         * The SmartLifecycle phase. The default stops the engine before the web server's graceful shutdown (phase
         * DEFAULT_PHASE - 1024), so streams fed by the engine (SSE, WebSocket) complete instead of holding that
         * shutdown until its timeout; a phase below DEFAULT_PHASE - 2048 stops it after the web server instead.
         */
        private int phase = SmartLifecycle.DEFAULT_PHASE - 512;

        public boolean isAutoStartup() {
            return autoStartup;
        }

        public void setAutoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
        }

        public int getPhase() {
            return phase;
        }

        public void setPhase(int phase) {
            this.phase = phase;
        }
    }

    /** {@code eventengine.metrics.*}: the Micrometer meters (engine-micrometer and Micrometer on the class path). */
    public static class Metrics {
        /** Whether to register the engine's meters (eventengine.*) with the application's meter registries. */
        private boolean enabled = true;

        /**
         * Hook patterns whose handler calls are timed (eventengine.handler, tagged by pattern); none by default,
         * since a timer per pattern costs a clock read per call.
         */
        private List<String> timeHandlers = new ArrayList<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getTimeHandlers() {
            return timeHandlers;
        }

        public void setTimeHandlers(List<String> timeHandlers) {
            this.timeHandlers = timeHandlers;
        }
    }

    /** {@code eventengine.observations.*}: handler calls as child observations of the publisher's. */
    public static class Observations {
        /** Whether handler calls run in an eventengine.process observation when an ObservationRegistry bean exists. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
