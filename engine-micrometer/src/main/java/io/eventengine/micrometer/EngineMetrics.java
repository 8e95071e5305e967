package io.eventengine.micrometer;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventHandler;
import io.eventengine.core.EventHook;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import io.eventengine.core.monitoring.EngineMonitoring;
import io.eventengine.core.monitoring.EventSet;
import io.eventengine.core.monitoring.MonitorAction;
import io.eventengine.core.monitoring.MonitoringEvent;
import io.eventengine.core.monitoring.MonitoringTool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters for one engine, fed by a tool on its monitoring API (tool id {@link
 * EngineMonitoring#METRICS_ID} unless the builder says otherwise). Bind it like Micrometer's own binders:
 *
 * <pre>{@code
 * EngineMetrics metrics = EngineMetrics.builder(engine).timeHandlers("Market.Data.{symbol}").build();
 * metrics.bindTo(registry);
 * }</pre>
 *
 * <table>
 *   <caption>Meters (every one tagged {@code engine} with the engine's name, plus the builder's tags)</caption>
 *   <tr><th>name</th><th>type</th><th>counts</th></tr>
 *   <tr><td>{@code eventengine.published}</td><td>counter</td><td>messages accepted into the queue (timer ticks included)</td></tr>
 *   <tr><td>{@code eventengine.rejected}</td><td>counter</td><td>puts refused because the queue was full (the stats' {@code rejectedPuts})</td></tr>
 *   <tr><td>{@code eventengine.dispatched}</td><td>counter</td><td>messages the dispatcher took and routed</td></tr>
 *   <tr><td>{@code eventengine.handler.failures}</td><td>counter</td><td>handler calls that threw</td></tr>
 *   <tr><td>{@code eventengine.subscriber.drops}</td><td>counter</td><td>messages a Flux or Flow overflow policy dropped</td></tr>
 *   <tr><td>{@code eventengine.timer.ticks}</td><td>counter, tag {@code outcome} = {@code queued} / {@code dropped}</td><td>timer ticks</td></tr>
 *   <tr><td>{@code eventengine.queue.occupancy}</td><td>gauge</td><td>messages in the queue now</td></tr>
 *   <tr><td>{@code eventengine.queue.capacity}</td><td>gauge</td><td>the queue's capacity</td></tr>
 *   <tr><td>{@code eventengine.handler}</td><td>timer, tag {@code pattern}</td><td>handler calls that returned, for the hooks on the patterns given to {@link Builder#timeHandlers}</td></tr>
 * </table>
 *
 * <p>Low cardinality by construction: the only per-topic tag is the timer's {@code pattern}, the topic of a hook that
 * was opted in by name; published literals never become tags. Counting starts when the binder is first bound; one
 * binder may be bound to several registries, which then show the same counts. {@link #close()} frees the tool id and
 * removes the meters.
 */
public final class EngineMetrics implements MeterBinder, AutoCloseable {
    private final EventEngine engine;
    private final Tags tags;
    private final Set<Topic> timedPatterns;
    private final int toolId;

    private final LongAdder published = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder dispatched = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder drops = new LongAdder();
    private final LongAdder ticksQueued = new LongAdder();
    private final LongAdder ticksDropped = new LongAdder();

    private final List<Bound> bound = new CopyOnWriteArrayList<>();
    private boolean installed; // guarded by this
    private boolean closed; // guarded by this

    /** One registry this binder is bound to, with the handler timers made in it so far. */
    private record Bound(MeterRegistry registry, List<Meter> meters, ConcurrentHashMap<Topic, Timer> timers) {}

    private EngineMetrics(Builder b) {
        this.engine = b.engine;
        this.tags = Tags.of("engine", engine.name()).and(b.tags);
        this.timedPatterns = Set.copyOf(b.timedPatterns);
        this.toolId = b.toolId;
    }

    /** Meters for {@code engine} with the defaults: no extra tags, no handler timer. */
    public EngineMetrics(EventEngine engine) {
        this(builder(engine));
    }

    /** A builder for {@code engine}'s meters. */
    public static Builder builder(EventEngine engine) {
        return new Builder(engine);
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (closed) {
            throw new IllegalStateException("These EngineMetrics of engine '" + engine.name() + "' are closed; make"
                    + " new ones to bind again");
        }
        List<Meter> meters = new ArrayList<>();
        meters.add(counter(registry, "eventengine.published", "Messages accepted into the engine's queue", published));
        meters.add(counter(
                registry, "eventengine.rejected", "Puts refused because the engine's queue was full", rejected));
        meters.add(counter(registry, "eventengine.dispatched", "Messages the dispatcher routed", dispatched));
        meters.add(counter(registry, "eventengine.handler.failures", "Handler calls that threw", failures));
        meters.add(counter(
                registry, "eventengine.subscriber.drops", "Messages a subscriber's overflow policy dropped", drops));
        meters.add(FunctionCounter.builder("eventengine.timer.ticks", ticksQueued, LongAdder::sum)
                .tags(tags)
                .tag("outcome", "queued")
                .description("Timer ticks queued")
                .baseUnit("ticks")
                .register(registry));
        meters.add(FunctionCounter.builder("eventengine.timer.ticks", ticksDropped, LongAdder::sum)
                .tags(tags)
                .tag("outcome", "dropped")
                .description("Timer ticks dropped because the queue was full")
                .baseUnit("ticks")
                .register(registry));
        meters.add(
                gauge(registry, "eventengine.queue.occupancy", "Messages in the engine's queue", e -> e.occupancy()));
        meters.add(gauge(registry, "eventengine.queue.capacity", "Capacity of the engine's queue", e -> e.capacity()));
        bound.add(new Bound(registry, meters, new ConcurrentHashMap<>()));
        if (!installed) {
            install();
            installed = true;
        }
    }

    private void install() {
        EngineMonitoring monitoring = engine.monitoring();
        monitoring.useToolId(toolId, "eventengine-micrometer");
        monitoring.registerCallbacks(toolId, new Tool());
        monitoring.setEvents(
                toolId,
                EventSet.of(
                        MonitoringEvent.PUBLISH,
                        MonitoringEvent.REJECT,
                        MonitoringEvent.DISPATCH,
                        MonitoringEvent.HANDLER_RAISE,
                        MonitoringEvent.SUBSCRIBER_DROP,
                        MonitoringEvent.TIMER_TICK));
        for (Topic pattern : timedPatterns) {
            monitoring.setLocalEvents(toolId, pattern, EventSet.of(MonitoringEvent.HANDLER_RETURN));
        }
    }

    private FunctionCounter counter(MeterRegistry registry, String name, String description, LongAdder count) {
        return FunctionCounter.builder(name, count, LongAdder::sum)
                .tags(tags)
                .description(description)
                .baseUnit(BaseUnits.MESSAGES)
                .register(registry);
    }

    private Gauge gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<EventEngine> f) {
        return Gauge.builder(name, engine, f)
                .tags(tags)
                .description(description)
                .baseUnit(BaseUnits.MESSAGES)
                .register(registry);
    }

    /** Frees the tool id (counting stops) and removes every meter this binder registered. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (installed) {
            engine.monitoring().freeToolId(toolId);
        }
        for (Bound b : bound) {
            b.meters.forEach(b.registry::remove);
            b.timers.values().forEach(b.registry::remove);
        }
        bound.clear();
    }

    private void recordHandler(Topic pattern, long nanos) {
        for (Bound b : bound) {
            b.timers
                    .computeIfAbsent(
                            pattern,
                            p -> Timer.builder("eventengine.handler")
                                    .tags(tags)
                                    .tag("pattern", p.value())
                                    .description("Handler calls that returned, by the pattern of their hook")
                                    .register(b.registry))
                    .record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public String toString() {
        return "EngineMetrics[" + engine.name() + ", tool " + toolId + ", timed " + timedPatterns + "]";
    }

    /** The monitoring callbacks: each adds one to a counter, on the thread where the event happens. */
    private final class Tool implements MonitoringTool {
        @Override
        public MonitorAction onPublish(MessagePayload message) {
            published.increment();
            return MonitorAction.CONTINUE;
        }

        @Override
        public MonitorAction onReject(Topic topic, int capacity, boolean accepted, long waitedNanos) {
            if (!accepted) {
                rejected.increment();
            }
            return MonitorAction.CONTINUE;
        }

        @Override
        public MonitorAction onDispatch(MessagePayload message, int hooks) {
            dispatched.increment();
            return MonitorAction.CONTINUE;
        }

        @Override
        public MonitorAction onHandlerReturn(EventHook hook, EventHandler handler, MessagePayload message, long nanos) {
            if (!timedPatterns.contains(hook.topic())) {
                // A hook on a pattern nobody opted in, on a message an opted-in pattern matches: never again here.
                return MonitorAction.DISABLE;
            }
            recordHandler(hook.topic(), nanos);
            return MonitorAction.CONTINUE;
        }

        @Override
        public MonitorAction onHandlerRaise(
                EventHook hook, EventHandler handler, MessagePayload message, Throwable failure) {
            failures.increment();
            return MonitorAction.CONTINUE;
        }

        @Override
        public MonitorAction onSubscriberDrop(Topic pattern, @Nullable MessagePayload message) {
            drops.increment();
            return MonitorAction.CONTINUE;
        }

        @Override
        public MonitorAction onTimerTick(Topic timer, boolean queued) {
            (queued ? ticksQueued : ticksDropped).increment();
            return MonitorAction.CONTINUE;
        }
    }

    /** Options of an {@link EngineMetrics}. */
    public static final class Builder {
        private final EventEngine engine;
        private Tags tags = Tags.empty();
        private final Set<Topic> timedPatterns = new LinkedHashSet<>();
        private int toolId = EngineMonitoring.METRICS_ID;

        private Builder(EventEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
        }

        /** Tags added to every meter, after {@code engine}. */
        public Builder tags(Iterable<Tag> extra) {
            this.tags = tags.and(extra);
            return this;
        }

        /** Tags added to every meter, as key-value pairs. */
        public Builder tags(String... keyValues) {
            this.tags = tags.and(keyValues);
            return this;
        }

        /**
         * Times the handlers of the hooks registered on exactly these topics (patterns or exact topics, as given to
         * {@code register}), in a timer tagged with the pattern. Off by default: each timed call costs two clock
         * reads and a timer update on the dispatcher.
         */
        public Builder timeHandlers(String... patterns) {
            for (String p : patterns) {
                timedPatterns.add(Topic.of(p));
            }
            return this;
        }

        /** {@link #timeHandlers(String...)} with topics. */
        public Builder timeHandlers(Topic... patterns) {
            for (Topic p : patterns) {
                timedPatterns.add(Objects.requireNonNull(p, "pattern"));
            }
            return this;
        }

        /** The monitoring tool id to take (default {@link EngineMonitoring#METRICS_ID}). */
        public Builder toolId(int id) {
            if (id < 0 || id >= EngineMonitoring.TOOL_IDS) {
                throw new IllegalArgumentException(
                        "Tool id " + id + " is out of range: tool ids are 0 to " + (EngineMonitoring.TOOL_IDS - 1));
            }
            this.toolId = id;
            return this;
        }

        /** The binder; nothing is counted until it is bound. */
        public EngineMetrics build() {
            return new EngineMetrics(this);
        }
    }
}
