package io.eventengine.core;

import io.eventengine.core.internal.SpiAccess;
import io.eventengine.core.monitoring.EngineMonitoring;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A topic-routed event engine: producers put messages on exact topics into a bounded lock-free queue; one dispatcher
 * thread takes them in order and calls the hook of the exact topic, then every hook whose pattern matches, in
 * registration order.
 *
 * <pre>{@code
 * try (EventEngine engine = EventEngine.builder().capacity(8192).build()) {
 *     engine.register("Market.Data.{symbol}", msg -> System.out.println(msg));
 *     engine.start();
 *     engine.publish("Market.Data.AAPL", 189.5);
 * } // close() delivers what is pending, then stops
 * }</pre>
 *
 * <p>Nothing accepted is lost: {@link #stop()} leaves pending messages queued for the next {@link #start()}, and
 * {@link #close()} delivers them. The publishing verbs ({@code publish}, {@code tryPublish}, {@code put}) are those of
 * {@link EventPublisher}. A publish on a full queue waits or fails as its {@link PublishOptions} say; a publish from a
 * handler on the dispatcher thread never waits (the dispatcher is what frees room) and fails at once with {@link
 * QueueFullException} instead of deadlocking. Messages published by a handler carry the handled message's seq id as
 * their {@link MessagePayload#parentSeqId()}.
 */
public final class EventEngine implements EventPublisher, AutoCloseable {
    /**
     * Wait for ever: the timeout that never ends, for {@link PublishOptions}, {@link #poll(Duration)} and {@link
     * #stop(boolean, Duration)}. Every timeout in this library is how long to wait; {@link Duration#ZERO} never waits.
     */
    public static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    /** The longest interval {@link #timer(Duration)} accepts: 365 days. */
    public static final Duration MAX_TIMER_INTERVAL = TimerScheduler.MAX_INTERVAL;

    static {
        SpiAccess.install(engine -> engine.support);
    }

    private final String name;
    private final PublishOptions defaultOptions;
    private final MpscMessageQueue queue;
    private final HookRegistry registry;
    private final RetainedMessages retained;
    private final DispatchLoop loop;
    private final TimerScheduler timers;
    private final MessageIntake intake;
    private final CloseBarrier barrier = new CloseBarrier();
    private final StallWatchdog watchdog;
    private final EngineLifecycle lifecycle;
    private final ManualConsumer consumer;
    private final AdapterSupport support;
    private final Monitor monitor;

    EventEngine(EventEngineBuilder b) {
        this.name = b.name;
        this.defaultOptions = b.publishOptions;
        this.queue = new MpscMessageQueue(b.capacity);
        this.monitor = new Monitor(name, queue::setProducerEvents);
        this.registry = new HookRegistry(b.hookStats, monitor);
        this.retained = new RetainedMessages(name, List.copyOf(b.retainPatterns), b.maxRetainedTopics, queue);
        this.loop = new DispatchLoop(
                queue, registry, retained, b.clock, b.routeCacheSize, b.batchSize, b.idleStrategy, monitor);
        this.intake = new MessageIntake(name, queue, loop, barrier, monitor);
        this.timers = new TimerScheduler(b.clock, intake::offerTick, name + "-timer");
        this.watchdog = new StallWatchdog(name, PublishOptions.saturatedNanos(b.stallThreshold), loop, monitor);
        this.lifecycle = new EngineLifecycle(name, b.closeTimeout, queue, loop, timers, watchdog, barrier);
        this.consumer = new ManualConsumer(name, queue, loop, lifecycle);
        this.support = new AdapterSupport(this, queue, intake, loop, lifecycle, monitor);
        monitor.attach(this);
        JfrTool.install(monitor, queue);
    }

    /** A builder with every default set. */
    public static EventEngineBuilder builder() {
        return new EventEngineBuilder();
    }

    /** An engine with the default settings, stopped. */
    public static EventEngine create() {
        return builder().build();
    }

    // ---- publishing: the overloads are EventPublisher's -------------------------------------------------------------

    /** The builder's {@link EventEngineBuilder#name name}: in thread names, log lines and metric tags. */
    public String name() {
        return name;
    }

    /** The builder's {@link EventEngineBuilder#publishOptions publish options}; {@link PublishOptions#BLOCKING} by default. */
    @Override
    public PublishOptions publishOptions() {
        return defaultOptions;
    }

    /**
     * Publishes a message with copies of {@code args} and {@code kwargs} on the exact {@code topic}, waiting for room as
     * {@code options} say. From a handler (the dispatcher thread) it never waits: the dispatcher is what frees room.
     *
     * @throws IllegalArgumentException when {@code topic} is a pattern
     * @throws QueueFullException when the queue stayed full for the options' timeout; nothing was queued
     * @throws IllegalStateException after {@link #close()}, and when the engine closes while the publish waits
     */
    @Override
    public void publish(Topic topic, List<?> args, Map<String, ?> kwargs, PublishOptions options) {
        Objects.requireNonNull(options, "options");
        MessagePayload message = intake.newMessage(topic, args, kwargs);
        intake.put(options.retain() ? message.markRetained() : message, options);
    }

    /**
     * Publishes a message with copies of {@code args} and {@code kwargs} if the queue has room now; never waits.
     *
     * @return false when the queue is full (nothing was queued; counted in {@link EngineStats#rejectedPuts()})
     * @throws IllegalArgumentException when {@code topic} is a pattern
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public boolean tryPublish(Topic topic, List<?> args, Map<String, ?> kwargs) {
        return intake.tryPut(intake.newMessage(topic, args, kwargs), true);
    }

    // The varargs verbs the producers call most, without EventPublisher's list view: the payload holds up to two
    // arguments in fields, and the call chain is short, so the JIT inlines down to the queue and the caller's array
    // does not escape (measured by benchmarks/.../PutDispatchAllocation: see docs/benchmarks.md).

    @Override
    public void publish(Topic topic, @Nullable Object... args) {
        intake.put(intake.newMessage(topic, args), defaultOptions);
    }

    @Override
    public void publish(String topic, @Nullable Object... args) {
        intake.put(intake.newMessage(Topic.of(topic), args), defaultOptions);
    }

    @Override
    public void put(Topic topic, @Nullable Object... args) {
        intake.put(intake.newMessage(topic, args), defaultOptions);
    }

    @Override
    public void put(String topic, @Nullable Object... args) {
        intake.put(intake.newMessage(Topic.of(topic), args), defaultOptions);
    }

    @Override
    public boolean tryPublish(Topic topic, @Nullable Object... args) {
        return intake.tryPut(intake.newMessage(topic, args), true);
    }

    @Override
    public boolean tryPublish(String topic, @Nullable Object... args) {
        return intake.tryPut(intake.newMessage(Topic.of(topic), args), true);
    }

    // ---- taking by hand -----------------------------------------------------------------------------------------

    /**
     * Takes the next message without dispatching it, waiting for ever; for engines driven by hand. The message is
     * numbered like a dispatched one.
     *
     * @throws IllegalStateException while the dispatcher runs (it owns the queue's consumer side) or another thread
     *     takes messages; after {@link #close()}, and when the engine closes while it waits
     * @throws QueueEmptyException when the thread is interrupted while it waits (its interrupt status is kept)
     */
    public MessagePayload take() {
        return consumer.pollOrThrow("take()", FOREVER, PublishOptions.DEFAULT_MAX_SPIN);
    }

    /**
     * Takes the next message, waiting at most {@code timeout} ({@link Duration#ZERO}: not at all; {@link #FOREVER}).
     *
     * @throws QueueEmptyException when none came in time (PyEventEngine's {@code Empty})
     * @throws IllegalStateException as {@link #take()} says
     */
    public MessagePayload poll(Duration timeout) {
        return consumer.pollOrThrow("poll()", timeout, PublishOptions.DEFAULT_MAX_SPIN);
    }

    /**
     * PyEventEngine's {@code get(block=, max_spin=, timeout=)}: like {@link #poll(Duration)}, spinning {@code maxSpin}
     * times before it parks ({@code block=False} is a zero timeout; Python's {@code timeout=0}, for ever, is {@link
     * #FOREVER}).
     */
    public MessagePayload poll(Duration timeout, int maxSpin) {
        return consumer.pollOrThrow("poll()", timeout, maxSpin);
    }

    /**
     * Takes the next message if one is queued now; never waits.
     *
     * @return the message, or null when the queue is empty
     * @throws IllegalStateException as {@link #take()} says
     */
    public @Nullable MessagePayload tryPoll() {
        return consumer.poll("tryPoll()", Duration.ZERO, 0);
    }

    // ---- registration -----------------------------------------------------------------------------------------

    /**
     * Registers {@code handler} on {@code topic}, exact or pattern; the returned registration unregisters it. Safe
     * from any thread, handlers included; it applies from the next dispatched message. When retained messages match
     * {@code topic} (see {@link EventEngineBuilder#retain}), the handler gets them first, in seq order, on the
     * dispatcher thread, and then the live messages, with no gap and no duplicate between the two.
     *
     * @throws IllegalStateException after {@link #close()} (closing a registration stays possible)
     */
    public Registration register(Topic topic, EventHandler handler) {
        return register(topic, handler, false);
    }

    /** Same as {@link #register(Topic, EventHandler)} on {@link Topic#of}{@code (topic)}. */
    public Registration register(String topic, EventHandler handler) {
        return register(Topic.of(topic), handler, false);
    }

    /** Registers {@code handler} unless an equal one is already on the topic's hook (PyEventEngine's deduplicate). */
    public Registration register(Topic topic, EventHandler handler, boolean deduplicate) {
        lifecycle.checkNotClosed("register()");
        Registration registration = retained.register(
                registry,
                Objects.requireNonNull(topic, "topic"),
                Objects.requireNonNull(handler, "handler"),
                deduplicate);
        monitor.fireSubscription(topic, handler, true);
        return registration;
    }

    /**
     * Registers {@code handler} for the typed messages on {@code topic} (exact or pattern): it is called with each
     * matching message's {@link MessagePayload#valueAs value} when that is a {@code type}, and messages carrying
     * anything else are skipped, so several typed subscribers can share a pattern. The registration's {@link
     * Registration#handler()} is the engine's wrapper, not {@code handler}.
     */
    public <T> Registration register(Topic topic, Class<T> type, TypedHandler<? super T> handler) {
        return register(topic, new TypeFilter<>(type, handler), false);
    }

    /** Same as {@link #register(Topic, Class, TypedHandler)} on {@link Topic#of}{@code (topic)}. */
    public <T> Registration register(String topic, Class<T> type, TypedHandler<? super T> handler) {
        return register(Topic.of(topic), type, handler);
    }

    /**
     * Removes the first occurrence of {@code handler} from the hook of {@code topic}; the hook goes when it was the
     * last handler.
     *
     * @return whether the handler was registered there
     */
    public boolean unregister(Topic topic, EventHandler handler) {
        return registry.unregister(topic, handler);
    }

    /**
     * Registers a hook built by hand.
     *
     * @throws IllegalArgumentException when a hook for its topic is already registered
     * @throws IllegalStateException after {@link #close()}
     */
    public void registerHook(EventHook hook) {
        lifecycle.checkNotClosed("registerHook()");
        registry.registerHook(hook);
        for (EventHandler handler : hook) {
            monitor.fireSubscription(hook.topic(), handler, true);
        }
    }

    /**
     * Unregisters and returns the hook of {@code topic}.
     *
     * @throws NoSuchElementException when there is none, listing the registered topics
     */
    public EventHook unregisterHook(Topic topic) {
        EventHook hook = registry.unregisterHook(topic);
        for (EventHandler handler : hook) {
            monitor.fireSubscription(topic, handler, false);
        }
        return hook;
    }

    /**
     * The hook registered for {@code topic} itself (not the ones that match it).
     *
     * @throws NoSuchElementException when there is none
     */
    public EventHook hook(Topic topic) {
        EventHook hook = registry.hook(topic);
        if (hook == null) {
            throw new NoSuchElementException("No hook is registered for topic '" + topic + "'");
        }
        return hook;
    }

    /**
     * The hooks a message on the exact {@code topic} would trigger, in order (the hook of its literal, then every
     * matching pattern's); for a pattern, its own hook if any.
     */
    public List<EventHook> hooksFor(Topic topic) {
        if (!topic.isExact()) {
            EventHook own = registry.hook(topic);
            return own == null ? List.of() : List.of(own);
        }
        return List.of(registry.resolve(topic));
    }

    /** Every registered hook: exact ones, then patterns in registration order. */
    public List<EventHook> hooks() {
        return registry.hooks();
    }

    /** Every registered topic, exact ones first. */
    public List<Topic> topics() {
        return hooks().stream().map(EventHook::topic).toList();
    }

    /** A copy of the exact-topic hooks. */
    public Map<Topic, EventHook> exactHooks() {
        return registry.exactHooks();
    }

    /** A copy of the pattern hooks, in registration order. */
    public Map<Topic, EventHook> patternHooks() {
        return registry.patternHooks();
    }

    /** The number of registered topics (PyEventEngine's {@code len(engine)}). */
    public int size() {
        return registry.size();
    }

    /** Messages waiting in the queue to be delivered (none once {@link #close()} has finished with the queue). */
    public int occupancy() {
        return barrier.isSwept() ? 0 : queue.size(); // after the sweep, only refused puts' messages can be left there
    }

    /** The queue's capacity (the builder's, rounded up to a power of two). */
    public int capacity() {
        return queue.capacity();
    }

    // ---- retained messages ------------------------------------------------------------------------------------

    /**
     * The retained messages that {@code topic} (exact or pattern) matches, in seq order: what a handler registered on
     * it now would be handed first. A message is retained once it is dispatched; see {@link EventEngineBuilder#retain}.
     */
    public List<MessagePayload> retained(Topic topic) {
        return retained.matching(Objects.requireNonNull(topic, "topic"));
    }

    /** Same as {@link #retained(Topic)} on {@link Topic#of}{@code (topic)}. */
    public List<MessagePayload> retained(String topic) {
        return retained(Topic.of(topic));
    }

    /**
     * Forgets the retained messages {@code topic} (exact or pattern) matches, as publishing an empty retained message
     * on each would, but without delivering anything; later subscribers are not handed them.
     *
     * @return how many topics were cleared
     */
    public int clearRetained(Topic topic) {
        return retained.clear(Objects.requireNonNull(topic, "topic"));
    }

    /** Same as {@link #clearRetained(Topic)} on {@link Topic#of}{@code (topic)}. */
    public int clearRetained(String topic) {
        return clearRetained(Topic.of(topic));
    }

    /** Forgets every retained message; returns how many topics held one. */
    public int clearRetained() {
        return retained.clearAll();
    }

    /** How many topics hold a retained message (at most the builder's {@code maxRetainedTopics}). */
    public int retainedCount() {
        return retained.size();
    }

    // ---- timers -----------------------------------------------------------------------------------------------

    /**
     * The topic of a periodic timer, created on first use and shared by every later call with the same interval:
     * 1 s is {@code EventEngine.Internal.Timer.Second} and 60 s {@code ...Minute}, both aligned to wall-clock
     * boundaries, with kwargs {@code interval} (Duration) and {@code timestamp} (Instant: the start of the period that
     * just ended); any other interval is {@code EventEngine.Internal.Timer.<seconds>} (or {@code <millis>ms} when not
     * whole seconds) with kwargs {@code interval} and {@code trigger_time}, its first tick at once. Timers tick while
     * the engine runs; missed ticks are skipped.
     *
     * @throws IllegalArgumentException unless the interval is a positive whole number of milliseconds, at most
     *     {@link #MAX_TIMER_INTERVAL}
     * @throws IllegalStateException after {@link #close()}
     */
    public Topic timer(Duration interval) {
        lifecycle.checkNotClosed("timer()");
        return timers.timer(interval, null);
    }

    /**
     * Like {@link #timer(Duration)}, with the first tick at {@code activateAt} (ignored when the timer exists).
     *
     * @throws IllegalArgumentException also when {@code activateAt} is before 1970 or more than {@link
     *     #MAX_TIMER_INTERVAL} ahead of now
     */
    public Topic timer(Duration interval, Instant activateAt) {
        lifecycle.checkNotClosed("timer()");
        return timers.timer(interval, activateAt);
    }

    // ---- life cycle -------------------------------------------------------------------------------------------

    /** Starts the dispatcher thread and the timers; does nothing when running. */
    public void start() {
        boolean wasRunning = lifecycle.isRunning();
        lifecycle.start();
        if (!wasRunning) {
            monitor.fireLifecycle(Monitor.ENGINE_START);
        }
    }

    /** Runs the dispatch loop on the calling thread until another thread (or a handler) calls {@link #stop()}. */
    public void run() {
        monitor.fireLifecycle(Monitor.ENGINE_START);
        lifecycle.run();
        monitor.fireLifecycle(Monitor.ENGINE_STOP);
    }

    /**
     * Stops the dispatcher after the message it is handling and the timers at once, and waits for the dispatcher;
     * pending messages stay queued for the next {@link #start()}. From a handler it cannot wait for itself: the
     * dispatcher stops as soon as that message has been handled.
     */
    public void stop() {
        stop(false, FOREVER);
    }

    /**
     * Stops, first delivering pending messages when {@code drain}, and waits at most {@code timeout} for both: the
     * drain and the dispatcher's exit ({@link Duration#ZERO}: no wait, so nothing more is delivered; {@link #FOREVER}:
     * until the queue is empty). On a stopped engine, {@code drain} delivers them on the calling thread. When a handler
     * does not return within {@code timeout}, this returns then, logging which handler holds the dispatcher; the
     * dispatcher stops once it returns.
     *
     * @return how many messages were left undelivered, counting the one in a handler that has not returned
     */
    public int stop(boolean drain, Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0 (Duration.ZERO never waits, EventEngine.FOREVER"
                    + " waits for ever), got " + timeout);
        }
        boolean wasRunning = lifecycle.isRunning();
        int left = lifecycle.stop(drain, timeout);
        if (wasRunning) {
            monitor.fireLifecycle(Monitor.ENGINE_STOP);
        }
        return left;
    }

    /**
     * Closes the engine; idempotent, and a second call waits for the first. At once, every later publish, registration,
     * timer and start fails with {@link IllegalStateException}, and producers waiting for room wake and fail with it
     * (their messages were not accepted). Then every accepted message is delivered, for at most the builder's {@code
     * closeTimeout}; what is still undelivered then is counted in {@link EngineStats#abandoned()} and logged. A publish
     * that returned normally was therefore either delivered or counted there; none is lost silently. Streams of the
     * adapters (a {@code Flux}, a {@code Flow}) complete after the messages close delivered.
     *
     * <p>Called from a handler, close returns at once and the dispatcher finishes it when the handler returns, so the
     * outcome is the same as from any other thread. When a handler does not return within the timeout, close logs
     * which one (with the dispatcher's stack), counts it and the messages behind it as undelivered, and returns with
     * the engine closed; nothing more is dispatched.
     */
    @Override
    public void close() {
        boolean first = !lifecycle.isClosed();
        lifecycle.close();
        if (first) {
            monitor.fireLifecycle(Monitor.ENGINE_CLOSE);
        }
    }

    /** Whether the dispatch loop is running (started, or in {@link #run()}). */
    public boolean isRunning() {
        return lifecycle.isRunning();
    }

    /** Whether {@link #close()} was called (true from the moment it began). */
    public boolean isClosed() {
        return lifecycle.isClosed();
    }

    /**
     * Unregisters every hook and timer; pending messages stay.
     *
     * @throws IllegalStateException while the engine runs
     */
    public void clear() {
        lifecycle.clear(registry);
    }

    // ---- monitoring -------------------------------------------------------------------------------------------

    /**
     * The engine's monitoring (after CPython's {@code sys.monitoring}): register a tool there to receive typed events
     * as they happen, for the whole engine or for a topic pattern. With no tool listening, it costs a read per put and
     * per batch.
     */
    public EngineMonitoring monitoring() {
        return monitor;
    }

    /** A snapshot of the counters, with per-hook statistics for hooks that collect them. */
    public EngineStats stats() {
        long dispatched = loop.dispatched();
        int occupancy = occupancy();
        List<HookStats> hookStats = new ArrayList<>();
        for (EventHook hook : hooks()) {
            if (hook.isStatsEnabled()) {
                hookStats.add(hook.stats());
            }
        }
        long abandoned = barrier.abandoned();
        return new EngineStats(
                dispatched + occupancy + abandoned,
                dispatched,
                loop.handlerFailures(),
                intake.rejectedPuts(),
                timers.ticksDropped(),
                support.subscriberDrops(),
                occupancy,
                capacity(),
                abandoned,
                watchdog.stalls(),
                loop.interruptsCleared(),
                hookStats);
    }

    @Override
    public String toString() {
        return "EventEngine[" + name + ", " + lifecycle.stateName() + ", " + occupancy() + "/" + capacity()
                + " queued, " + size() + " topics]";
    }

    int routeCacheSizeForTests() {
        return loop.routeCacheSize();
    }
}
