package io.eventengine.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(EventEngine.class);

    private enum State {
        STOPPED,
        RUNNING,
        CLOSED
    }

    private final String name;
    private final EngineClock clock;
    private final PublishOptions defaultOptions;
    private final Duration closeTimeout;
    private final MpscMessageQueue queue;
    private final HookRegistry registry;
    private final DispatchLoop loop;
    private final TimerScheduler timers;
    private final MessageIntake intake;
    private final LongAdder subscriberDrops = new LongAdder();
    private final Set<Runnable> closeCallbacks = ConcurrentHashMap.newKeySet();

    private final Object lifecycle = new Object();
    private volatile State state = State.STOPPED;
    private @Nullable CountDownLatch loopExited; // guarded by lifecycle
    private boolean restartAfterExit; // guarded by lifecycle: start() came while a stop was in flight
    private @Nullable Thread dispatcherThread; // guarded by lifecycle; null while run() drives the loop

    EventEngine(EventEngineBuilder b) {
        this.name = b.name;
        this.clock = b.clock;
        this.defaultOptions = b.publishOptions;
        this.closeTimeout = b.closeTimeout;
        this.queue = new MpscMessageQueue(b.capacity);
        this.registry = new HookRegistry(b.hookStats);
        this.loop = new DispatchLoop(queue, registry, b.routeCacheSize, b.batchSize, b.idleStrategy);
        this.intake = new MessageIntake(name, clock, queue, loop);
        this.timers = new TimerScheduler(clock, intake::offerTick, name + "-timer");
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
     *     is in {@code get}
     */
    public MessagePayload get(boolean block, int maxSpin, Duration timeout) {
        Thread me = Thread.currentThread();
        if (!loop.tryAcquire(me)) {
            throw new IllegalStateException(
                    state == State.RUNNING
                            ? "get() is for engines driven by hand, but the dispatcher of engine '" + name
                                    + "' is running and takes every message; stop() it first, or register a handler instead"
                            : "Another thread is taking messages from engine '" + name + "'; only one may at a time");
        }
        try {
            long deadline =
                    timeout.isZero() ? 0 : System.nanoTime() + Math.max(1, PublishOptions.saturatedNanos(timeout));
            MessagePayload message = loop.take(block, maxSpin, deadline);
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
     */
    public Registration register(Topic topic, EventHandler handler) {
        return registry.register(
                Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(handler, "handler"), false);
    }

    /** Same as {@link #register(Topic, EventHandler)} with the topic parsed by {@link Topic#of}. */
    public Registration register(String topic, EventHandler handler) {
        return register(Topic.of(topic), handler);
    }

    /** Registers {@code handler} unless an equal one is already on the topic's hook (PyEventEngine's deduplicate). */
    public Registration register(Topic topic, EventHandler handler, boolean deduplicate) {
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
     */
    public void registerHook(EventHook hook) {
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

    /** Messages waiting in the queue. */
    public int occupancy() {
        return queue.size();
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
     * @throws IllegalArgumentException unless the interval is a positive whole number of milliseconds
     */
    public Topic timer(Duration interval) {
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

    /** Like {@link #timer(Duration)}, with the first tick at {@code activateAt} (ignored when the timer exists). */
    public Topic timer(Duration interval, Instant activateAt) {
        return timers.timer(interval, activateAt);
    }

    // ---- life cycle -------------------------------------------------------------------------------------------

    /** Starts the dispatcher thread and the timers; does nothing when running. */
    public void start() {
        synchronized (lifecycle) {
            checkNotClosed("start()");
            if (state == State.RUNNING) {
                // A stop() is in flight (a handler asked, the loop has not exited yet): run on after it.
                restartAfterExit = loop.isStopRequested();
                return;
            }
            startDispatcher();
        }
    }

    private void startDispatcher() { // under lifecycle
        CountDownLatch exited = new CountDownLatch(1);
        Thread thread = new Thread(() -> runLoop(exited), name + "-dispatcher");
        if (!loop.tryAcquire(thread)) {
            throw new IllegalStateException("Cannot start engine '" + name + "' while a thread is in get()");
        }
        loop.prepare();
        loopExited = exited;
        dispatcherThread = thread;
        state = State.RUNNING;
        timers.start();
        thread.start();
    }

    /** Runs the dispatch loop on the calling thread until another thread (or a handler) calls {@link #stop()}. */
    public void run() {
        CountDownLatch exited = new CountDownLatch(1);
        synchronized (lifecycle) {
            checkNotClosed("run()");
            if (state == State.RUNNING || !loop.tryAcquire(Thread.currentThread())) {
                throw new IllegalStateException("Engine '" + name + "' is already running or being taken from");
            }
            loop.prepare();
            loopExited = exited;
            dispatcherThread = null;
            state = State.RUNNING;
            timers.start();
        }
        runLoop(exited);
    }

    private void runLoop(CountDownLatch exited) {
        try {
            loop.run();
        } finally {
            synchronized (lifecycle) {
                loop.release();
                if (state == State.RUNNING) {
                    if (restartAfterExit) {
                        restartAfterExit = false;
                        startDispatcher();
                    } else {
                        state = State.STOPPED;
                    }
                }
            }
            exited.countDown();
        }
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
     * is empty). On a stopped engine, {@code drain} delivers them on the calling thread.
     *
     * @return how many messages were left undelivered
     */
    public int stop(boolean drain, Duration timeout) {
        long deadline = timeout.isZero() ? 0 : System.nanoTime() + Math.max(1, PublishOptions.saturatedNanos(timeout));
        CountDownLatch exited;
        Thread dispatcher;
        synchronized (lifecycle) {
            restartAfterExit = false;
            timers.stop();
            if (state != State.RUNNING) {
                if (drain && loop.tryAcquire(Thread.currentThread())) {
                    try {
                        loop.drainUntil(deadline);
                    } finally {
                        loop.release();
                    }
                }
                return queue.size();
            }
            loop.requestStop(drain, deadline);
            exited = loopExited;
            dispatcher = dispatcherThread;
        }
        Thread me = Thread.currentThread();
        if (exited != null && loop.owner() != me) {
            uninterruptibly(exited::await);
            if (dispatcher != null && dispatcher != me) {
                uninterruptibly(dispatcher::join); // so no engine thread outlives stop() or close()
            }
        }
        return queue.size();
    }

    /** Waits through interrupts (stop must finish), then restores the thread's interrupt status. */
    private static void uninterruptibly(Waiting waiting) {
        boolean interrupted = false;
        while (true) {
            try {
                waiting.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Waiting {
        void await() throws InterruptedException;
    }

    /**
     * Delivers pending messages (for at most the builder's close timeout), stops, and refuses every later put with
     * {@link IllegalStateException}. Messages still pending after the timeout are reported in the log. Idempotent.
     */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        int left = stop(true, closeTimeout);
        synchronized (lifecycle) {
            state = State.CLOSED;
            intake.close();
            timers.stop();
        }
        if (left > 0) {
            LOG.warn("Engine '{}' closed with {} messages undelivered after {}", name, left, closeTimeout);
        }
        for (Runnable callback : closeCallbacks) {
            runCloseCallback(callback);
        }
    }

    /** Whether the dispatch loop is running (started, or in {@link #run()}). */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    /**
     * Unregisters every hook and timer; pending messages stay.
     *
     * @throws IllegalStateException while the engine runs
     */
    public void clear() {
        synchronized (lifecycle) {
            if (state == State.RUNNING) {
                throw new IllegalStateException(
                        "clear() works only on a stopped engine; stop() engine '" + name + "' first");
            }
            registry.clear();
            timers.clear();
        }
    }

    private void checkNotClosed(String what) {
        if (state == State.CLOSED) {
            throw new IllegalStateException(what + " on closed engine '" + name + "'; build a new engine");
        }
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
     * Runs {@code callback} once when the engine is closed: on the thread that calls {@link #close()}, after close has
     * delivered what it could, or at once on the calling thread when the engine is closed already. For adapters whose
     * streams end with the engine (a Flow or Flux per pattern, a ticker, a producer waiting for room). The callback
     * must be quick and must not block; an exception from it is logged and ignored.
     *
     * @return removes the callback unless it has run (idempotent); an adapter whose stream ends first calls it, so a
     *     long-lived engine does not collect callbacks
     */
    public Runnable whenClosed(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        Runnable entry = callback::run; // its own identity: the same callback may be added twice
        closeCallbacks.add(entry);
        if (state == State.CLOSED) { // add, then look; close() sets the state, then looks: one of them runs it
            runCloseCallback(entry);
        }
        return () -> closeCallbacks.remove(entry);
    }

    private void runCloseCallback(Runnable entry) {
        if (closeCallbacks.remove(entry)) { // claims it: runs once even when close() and whenClosed() race
            try {
                entry.run();
            } catch (Throwable t) {
                LOG.warn("A close callback of engine '{}' threw; closing goes on", name, t);
            }
        }
    }

    /** A snapshot of the counters, with per-hook statistics for hooks that collect them. */
    public EngineStats stats() {
        long dispatched = loop.dispatched();
        int occupancy = queue.size();
        List<HookStats> hookStats = new ArrayList<>();
        for (EventHook hook : hooks()) {
            if (hook.isStatsEnabled()) {
                hookStats.add(hook.stats());
            }
        }
        return new EngineStats(
                dispatched + occupancy,
                dispatched,
                loop.handlerFailures(),
                intake.rejectedPuts(),
                timers.ticksDropped(),
                subscriberDrops.sum(),
                occupancy,
                capacity(),
                hookStats);
    }

    @Override
    public String toString() {
        return "EventEngine[" + name + ", " + state + ", " + occupancy() + "/" + capacity() + " queued, " + size()
                + " topics]";
    }

    int routeCacheSizeForTests() {
        return loop.routeCacheSize();
    }
}
