package io.eventengine.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
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
 *     engine.put("Market.Data.AAPL", 189.5);
 * } // close() delivers what is pending, then stops
 * }</pre>
 *
 * <p>Nothing accepted is lost: {@link #stop()} leaves pending messages queued for the next {@link #start()}, and
 * {@link #close()} delivers them. A put on a full queue waits or fails as its {@link PublishOptions} say; a put from a
 * handler on the dispatcher thread never waits (the dispatcher is what frees room) and fails at once with {@link
 * QueueFullException} instead of deadlocking. Messages published by a handler carry the handled message's seq id as
 * their {@link MessagePayload#parentSeqId()}.
 */
public final class EventEngine implements AutoCloseable {
    /** The longest interval {@link #timer(Duration)} accepts: 365 days. */
    public static final Duration MAX_TIMER_INTERVAL = TimerScheduler.MAX_INTERVAL;

    private final String name;
    private final EngineClock clock;
    private final PublishOptions defaultOptions;
    private final MpscMessageQueue queue;
    private final HookRegistry registry;
    private final DispatchLoop loop;
    private final TimerScheduler timers;
    private final MessageIntake intake;
    private final LongAdder subscriberDrops = new LongAdder();
    private final CloseBarrier barrier = new CloseBarrier();
    private final StallWatchdog watchdog;
    private final EngineLifecycle lifecycle;

    EventEngine(EventEngineBuilder b) {
        this.name = b.name;
        this.clock = b.clock;
        this.defaultOptions = b.publishOptions;
        this.queue = new MpscMessageQueue(b.capacity);
        this.registry = new HookRegistry(b.hookStats);
        this.loop = new DispatchLoop(queue, registry, b.routeCacheSize, b.batchSize, b.idleStrategy);
        this.intake = new MessageIntake(name, clock, queue, loop, barrier);
        this.timers = new TimerScheduler(clock, intake::offerTick, name + "-timer");
        this.watchdog = new StallWatchdog(name, PublishOptions.saturatedNanos(b.stallThreshold), loop);
        this.lifecycle = new EngineLifecycle(name, b.closeTimeout, queue, loop, timers, watchdog, barrier);
    }

    /** A builder with every default set. */
    public static EventEngineBuilder builder() {
        return new EventEngineBuilder();
    }

    /** An engine with the default settings, stopped. */
    public static EventEngine create() {
        return builder().build();
    }

    // ---- publishing -------------------------------------------------------------------------------------------

    /**
     * Puts a message with positional {@code args} on the exact {@code topic}, waiting as the engine's default
     * {@link PublishOptions} say. The {@code args} array becomes the message's own: do not change it afterwards.
     *
     * @throws IllegalArgumentException when {@code topic} is a pattern
     * @throws QueueFullException when the queue is full and the put may not wait (longer)
     * @throws IllegalStateException after {@link #close()}
     */
    public void put(Topic topic, @Nullable Object... args) {
        intake.put(topic, args, Map.of(), defaultOptions);
    }

    /** Same as {@link #put(Topic, Object...)} with the topic parsed by {@link Topic#of}. */
    public void put(String topic, @Nullable Object... args) {
        put(Topic.of(topic), args);
    }

    /** Puts a message with copies of {@code args} and {@code kwargs}, waiting as the default options say. */
    public void publish(Topic topic, List<?> args, Map<String, ?> kwargs) {
        publish(topic, args, kwargs, defaultOptions);
    }

    /**
     * Puts a message, waiting on a full queue as {@code options} say (PyEventEngine's {@code block}, {@code max_spin},
     * {@code timeout}).
     *
     * @throws QueueFullException when the put gives up; nothing was queued
     */
    public void publish(Topic topic, List<?> args, Map<String, ?> kwargs, PublishOptions options) {
        intake.put(topic, MessagePayload.copyArgs(args), MessagePayload.copyKwargs(kwargs), options);
    }

    /** Puts a message if there is room now; never waits, never throws {@link QueueFullException}. */
    public boolean tryPublish(Topic topic, List<?> args, Map<String, ?> kwargs) {
        return intake.tryPut(topic, MessagePayload.copyArgs(args), MessagePayload.copyKwargs(kwargs));
    }

    /** Like {@link #tryPublish} with positional arguments only; the array becomes the message's own. */
    public boolean tryPut(Topic topic, @Nullable Object... args) {
        return intake.tryPut(topic, args, Map.of());
    }

    // ---- taking by hand ---------------------------------------------------------------------------------------

    /** Takes the next message, waiting for ever; for engines driven by hand (see {@link #get(boolean, int, Duration)}). */
    public MessagePayload get() {
        return get(true, PublishOptions.DEFAULT_MAX_SPIN, Duration.ZERO);
    }

    /** Takes the next message, waiting at most {@code timeout} (zero: for ever). */
    public MessagePayload get(Duration timeout) {
        return get(true, PublishOptions.DEFAULT_MAX_SPIN, timeout);
    }

    /**
     * Takes the next message without dispatching it, as PyEventEngine's {@code get}: a blocking get spins {@code
     * maxSpin} times, then parks until a message comes or {@code timeout} ends (zero: never). The message is numbered
     * like a dispatched one.
     *
     * @throws QueueEmptyException when no message came
     * @throws IllegalStateException while the dispatcher runs (it owns the queue's consumer side) or another thread
     *     is in {@code get}; after {@link #close()}, and when the engine closes while it waits
     */
    public MessagePayload get(boolean block, int maxSpin, Duration timeout) {
        lifecycle.checkNotClosed("get()");
        Thread me = Thread.currentThread();
        if (!loop.tryAcquire(me)) {
            throw new IllegalStateException(
                    lifecycle.isRunning()
                            ? "get() is for engines driven by hand, but the dispatcher of engine '" + name
                                    + "' is running and takes every message; stop() it first, or register a handler instead"
                            : "Another thread is taking messages from engine '" + name + "'; only one may at a time");
        }
        try {
            long deadline =
                    timeout.isZero() ? 0 : System.nanoTime() + Math.max(1, PublishOptions.saturatedNanos(timeout));
            MessagePayload message = loop.take(block, maxSpin, deadline);
            if (message == null && queue.isClosing()) {
                throw new IllegalStateException("Engine '" + name + "' was closed while get() waited for a message");
            }
            if (message == null) {
                throw new QueueEmptyException("No message in engine '" + name + "': "
                        + (!block
                                ? "the queue is empty"
                                : me.isInterrupted()
                                        ? "the thread was interrupted (its status is kept)"
                                        : "none came within " + timeout));
            }
            return message;
        } finally {
            loop.release();
        }
    }

    // ---- registration -----------------------------------------------------------------------------------------

    /**
     * Registers {@code handler} on {@code topic}, exact or pattern; the returned registration unregisters it. Safe
     * from any thread, handlers included; it applies from the next dispatched message.
     *
     * @throws IllegalStateException after {@link #close()} (closing a registration stays possible)
     */
    public Registration register(Topic topic, EventHandler handler) {
        lifecycle.checkNotClosed("register()");
        return registry.register(
                Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(handler, "handler"), false);
    }

    /** Same as {@link #register(Topic, EventHandler)} with the topic parsed by {@link Topic#of}. */
    public Registration register(String topic, EventHandler handler) {
        return register(Topic.of(topic), handler);
    }

    /** Registers {@code handler} unless an equal one is already on the topic's hook (PyEventEngine's deduplicate). */
    public Registration register(Topic topic, EventHandler handler, boolean deduplicate) {
        lifecycle.checkNotClosed("register()");
        return registry.register(topic, handler, deduplicate);
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
    }

    /**
     * Unregisters and returns the hook of {@code topic}.
     *
     * @throws NoSuchElementException when there is none, listing the registered topics
     */
    public EventHook unregisterHook(Topic topic) {
        return registry.unregisterHook(topic);
    }

    /**
     * The hook registered for {@code topic} itself (not the ones that match it).
     *
     * @throws NoSuchElementException when there is none
     */
    public EventHook hook(Topic topic) {
        EventHook hook = registry.routes().hook(topic);
        if (hook == null) {
            throw new NoSuchElementException("No hook is registered for topic '" + topic + "'");
        }
        return hook;
    }

    /**
     * The hooks a message on the exact {@code topic} would trigger, in order; for a pattern, its own hook if any.
     * Kotlin reads this as {@code engine[topic]}.
     */
    public List<EventHook> get(Topic topic) {
        Routes routes = registry.routes();
        if (!topic.isExact()) {
            EventHook own = routes.hook(topic);
            return own == null ? List.of() : List.of(own);
        }
        return List.of(routes.resolve(topic));
    }

    /** Every registered hook: exact ones, then patterns in registration order. */
    public List<EventHook> hooks() {
        Routes routes = registry.routes();
        List<EventHook> all = new ArrayList<>(routes.exact.values());
        all.addAll(routes.patterns.values());
        return List.copyOf(all);
    }

    /** Every registered topic, exact ones first. */
    public List<Topic> topics() {
        return hooks().stream().map(EventHook::topic).toList();
    }

    /** A copy of the exact-topic hooks. */
    public Map<Topic, EventHook> exactHooks() {
        return Map.copyOf(registry.routes().exact);
    }

    /** A copy of the pattern hooks, in registration order. */
    public Map<Topic, EventHook> patternHooks() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(registry.routes().patterns));
    }

    /** The number of registered topics (PyEventEngine's {@code len(engine)}). */
    public int size() {
        return registry.routes().size();
    }

    /** Messages waiting in the queue to be delivered (none once {@link #close()} has finished with the queue). */
    public int occupancy() {
        return barrier.isSwept() ? 0 : queue.size(); // after the sweep, only refused puts' messages can be left there
    }

    /** The queue's capacity (the builder's, rounded up to a power of two). */
    public int capacity() {
        return queue.capacity();
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
     * The topic {@link #timer(Duration)} returns for {@code interval}, without creating the timer: an adapter registers
     * on it first and then creates the timer, so it cannot miss the first tick.
     *
     * @throws IllegalArgumentException unless the interval is a positive whole number of milliseconds
     */
    public static Topic timerTopic(Duration interval) {
        return TimerScheduler.topicFor(TimerScheduler.periodMillis(interval));
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
        lifecycle.start();
    }

    /** Runs the dispatch loop on the calling thread until another thread (or a handler) calls {@link #stop()}. */
    public void run() {
        lifecycle.run();
    }

    /**
     * Stops the dispatcher after the message it is handling and the timers at once, and waits for the dispatcher;
     * pending messages stay queued for the next {@link #start()}. From a handler it cannot wait for itself: the
     * dispatcher stops as soon as that message has been handled.
     */
    public void stop() {
        stop(false, Duration.ZERO);
    }

    /**
     * Stops, first delivering pending messages when {@code drain} (for at most {@code timeout}; zero: until the queue
     * is empty). On a stopped engine, {@code drain} delivers them on the calling thread. When a handler does not
     * return within {@code timeout}, this returns then, logging which handler holds the dispatcher; the dispatcher
     * stops once it returns.
     *
     * @return how many messages were left undelivered, counting the one in a handler that has not returned
     */
    public int stop(boolean drain, Duration timeout) {
        return lifecycle.stop(drain, timeout);
    }

    /**
     * Closes the engine; idempotent, and a second call waits for the first. At once, every later put, registration,
     * timer and start fails with {@link IllegalStateException}, and producers waiting for room wake and fail with it
     * (their messages were not accepted). Then every accepted message is delivered, for at most the builder's {@code
     * closeTimeout}; what is still undelivered then is counted in {@link EngineStats#abandoned()} and logged. A put
     * that returned normally was therefore either delivered or counted there; none is lost silently.
     *
     * <p>Called from a handler, close returns at once and the dispatcher finishes it when the handler returns, so the
     * outcome is the same as from any other thread. When a handler does not return within the timeout, close logs
     * which one (with the dispatcher's stack), counts it and the messages behind it as undelivered, and returns with
     * the engine closed; nothing more is dispatched.
     */
    @Override
    public void close() {
        lifecycle.close();
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
     * For adapters whose subscribers drop messages on overflow (a Reactor or Flow subscriber with a drop policy): adds
     * {@code count} to {@link EngineStats#subscriberDrops()}, so drops show where users look for them.
     */
    public void recordSubscriberDrops(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        subscriberDrops.add(count);
    }

    /**
     * Runs {@code callback} once as soon as the queue has room: at once on the calling thread when it has room now,
     * otherwise on the dispatcher thread (or whichever thread takes messages) right after it frees some. For
     * non-blocking producers (a suspending publish, a Reactive Streams subscriber) that must not park a thread: retry
     * {@link #tryPublish} from the callback, and register again if another producer took the room first. The callback
     * must be quick and must not block; an exception from it is logged and ignored.
     *
     * <p>When the queue has room now, every callback still waiting runs then too. The dispatcher calls them back after
     * each batch, so a handler about to block the dispatcher (an adapter waiting for a slow subscriber) calls this with
     * a no-op first: the producers waiting for room it has freed need not wait for the end of its batch.
     */
    public void whenRoomAvailable(Runnable callback) {
        queue.whenRoomAvailable(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Runs {@code callback} once when the engine is closed, after close has delivered what it could: on the thread that
     * calls {@link #close()} (on the dispatcher, once the handler returns, when a handler called it), or at once on the
     * calling thread when the engine is closed already. For adapters whose streams end with the engine (a Flow or Flux
     * per pattern, a ticker, a producer waiting for room). The callback must be quick and must not block; an exception
     * from it is logged and ignored.
     *
     * @return removes the callback unless it has run (idempotent); an adapter whose stream ends first calls it, so a
     *     long-lived engine does not collect callbacks
     */
    public Runnable whenClosed(Runnable callback) {
        return lifecycle.whenClosed(Objects.requireNonNull(callback, "callback"));
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
                subscriberDrops.sum(),
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
