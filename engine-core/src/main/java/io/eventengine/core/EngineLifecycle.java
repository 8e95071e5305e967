package io.eventengine.core;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's life cycle: start, run, stop, close, and the threads that go with them (dispatcher, timers, stall
 * watchdog). What {@code close()} promises, and how it keeps it when producers race it, a handler calls it or a handler
 * never returns, is in {@link CloseBarrier} and {@link #close()}.
 */
final class EngineLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(EventEngine.class);

    private enum State {
        STOPPED,
        RUNNING,
        CLOSED
    }

    private final String name;
    private final Duration closeTimeout;
    private final MpscMessageQueue queue;
    private final DispatchLoop loop;
    private final TimerScheduler timers;
    private final StallWatchdog watchdog;
    private final CloseBarrier barrier;
    private final Set<Runnable> closeCallbacks = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);

    private final Object lock = new Object();
    private volatile State state = State.STOPPED;
    private volatile boolean closeStarted;
    private @Nullable CountDownLatch loopExited; // guarded by lock
    private boolean restartAfterExit; // guarded by lock: start() came while a stop was in flight
    private @Nullable Thread dispatcherThread; // guarded by lock; null while run() drives the loop
    private volatile @Nullable Thread loopThread; // the dispatcher or the run() caller, for reports
    private volatile long closeDeadline;

    EngineLifecycle(
            String name,
            Duration closeTimeout,
            MpscMessageQueue queue,
            DispatchLoop loop,
            TimerScheduler timers,
            StallWatchdog watchdog,
            CloseBarrier barrier) {
        this.name = name;
        this.closeTimeout = closeTimeout;
        this.queue = queue;
        this.loop = loop;
        this.timers = timers;
        this.watchdog = watchdog;
        this.barrier = barrier;
    }

    void start() {
        synchronized (lock) {
            checkNotClosed("start()");
            if (state == State.RUNNING) {
                // A stop() is in flight (a handler asked, the loop has not exited yet): run on after it.
                restartAfterExit = loop.isStopRequested();
                return;
            }
            startDispatcher();
        }
    }

    private void startDispatcher() { // under lock
        CountDownLatch exited = new CountDownLatch(1);
        Thread thread = new Thread(() -> runLoop(exited), name + "-dispatcher");
        if (!loop.tryAcquire(thread)) {
            throw new IllegalStateException(
                    "Cannot start engine '" + name + "' while a thread takes messages from it by hand (take/poll)");
        }
        enterRunning(exited, thread, thread);
        thread.start();
    }

    void run() {
        CountDownLatch exited = new CountDownLatch(1);
        Thread me = Thread.currentThread();
        synchronized (lock) {
            checkNotClosed("run()");
            if (state == State.RUNNING || !loop.tryAcquire(me)) {
                throw new IllegalStateException("Engine '" + name + "' is already running or being taken from");
            }
            enterRunning(exited, null, me);
        }
        runLoop(exited);
    }

    /** Under lock, with {@code loopThread} owning the consumer side: the state every running loop starts from. */
    private void enterRunning(CountDownLatch exited, @Nullable Thread dispatcher, Thread loopThread) {
        loop.prepare();
        loopExited = exited;
        dispatcherThread = dispatcher;
        this.loopThread = loopThread;
        state = State.RUNNING;
        timers.start();
        watchdog.start(loopThread);
    }

    private void runLoop(CountDownLatch exited) {
        try {
            loop.run();
        } finally {
            watchdog.stop();
            if (closeStarted && !barrier.advance(CloseBarrier.CLOSING, CloseBarrier.DISPATCHER_EXITED)) {
                // close() was called on this thread, or gave up on a stuck handler: the sweep is this thread's.
                finishOnConsumer(barrier.phase() == CloseBarrier.HANDED_TO_DISPATCHER);
            }
            synchronized (lock) {
                loop.release();
                if (state == State.RUNNING) {
                    if (restartAfterExit && !closeStarted) {
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

    /** See {@link EventEngine#stop(boolean, Duration)}. */
    int stop(boolean drain, Duration timeout) {
        long deadline = deadlineAfter(timeout);
        CountDownLatch exited;
        Thread dispatcher;
        synchronized (lock) {
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
        if (exited == null || loop.owner() == me) {
            return queue.size(); // from a handler: the loop stops (and drains) once it returns
        }
        if (!Uninterruptibly.awaitUntil(exited, deadline)) {
            int left = queue.size() + inFlight();
            LOG.warn(
                    "Engine '{}': stop(drain={}, {}) returned at its timeout with {} messages undelivered: {} has not"
                            + " returned. The dispatcher stops (and the engine can restart) once it does",
                    name,
                    drain,
                    timeout,
                    left,
                    describeDispatcher());
            return left;
        }
        if (dispatcher != null && dispatcher != me) {
            Uninterruptibly.await(dispatcher::join); // so no engine thread outlives stop() or close()
        }
        return queue.size();
    }

    /**
     * Refuses every new put at once (parked producers wake and fail; their messages were never accepted), delivers
     * what was accepted for at most the close timeout, then takes whatever is left off the queue and counts it as
     * abandoned ({@link EngineStats#abandoned()}), logging it. From a handler, close returns at once and the dispatcher
     * does the rest when the handler returns, so the close callbacks still run after the last delivery. When a
     * handler does not return within the timeout, close reports it, closes and returns; the dispatcher then delivers
     * nothing more, and sweeps when (if ever) that handler returns.
     */
    void close() {
        boolean first;
        synchronized (lock) {
            first = !closeStarted;
            if (first) {
                closeStarted = true;
                restartAfterExit = false;
                barrier.advance(CloseBarrier.OPEN, CloseBarrier.CLOSING);
                queue.beginClose();
            }
        }
        if (!first) {
            if (loop.owner() != Thread.currentThread()) {
                // a second close() returns when the first is done
                Uninterruptibly.awaitUntil(closed, deadlineAfter(closeTimeout));
            }
            return;
        }
        timers.stop();
        long deadline = deadlineAfter(closeTimeout);
        closeDeadline = deadline;
        CountDownLatch exited;
        Thread dispatcher;
        synchronized (lock) {
            exited = state == State.RUNNING ? loopExited : null;
            dispatcher = dispatcherThread;
            if (exited != null) {
                loop.requestStop(true, deadline);
            }
        }
        if (exited != null && loop.owner() == Thread.currentThread()) {
            barrier.advance(CloseBarrier.CLOSING, CloseBarrier.HANDED_TO_DISPATCHER);
            return; // called by a handler: the loop drains, sweeps and closes once it returns
        }
        if (exited != null && !Uninterruptibly.awaitUntil(exited, deadline)) {
            if (barrier.advance(CloseBarrier.CLOSING, CloseBarrier.GAVE_UP)) {
                LOG.warn(
                        "Engine '{}' closed after {} (its close timeout) with {} accepted messages undelivered behind"
                                + " {}, which has not returned. Nothing more will be dispatched; the queued messages"
                                + " are counted in EngineStats.abandoned once it returns. Dispatcher stack:{}",
                        name,
                        closeTimeout,
                        queue.size(),
                        describeDispatcher(),
                        stackOfLoopThread());
                markClosed();
                return;
            }
            Uninterruptibly.await(exited::await); // it exited just now; the sweep is ours
        }
        if (dispatcher != null && dispatcher != Thread.currentThread()) {
            Uninterruptibly.await(dispatcher::join);
        }
        acquireConsumer();
        try {
            finishOnConsumer(true);
        } finally {
            loop.release();
        }
    }

    /** The last delivery, the sweep and (unless close already gave up and closed) the close; on the consumer side. */
    private void finishOnConsumer(boolean close) {
        loop.drainUntil(closeDeadline);
        int abandoned = queue.abandonRemaining();
        barrier.swept(abandoned);
        if (abandoned > 0) {
            LOG.warn(
                    "Engine '{}' closed with {} accepted messages undelivered after {} (its close timeout): they are"
                            + " counted in EngineStats.abandoned. Raise closeTimeout, or stop producing before close()",
                    name,
                    abandoned,
                    closeTimeout);
        }
        if (close) {
            markClosed();
        }
    }

    private void markClosed() {
        synchronized (lock) {
            state = State.CLOSED;
        }
        closed.countDown();
        for (Runnable callback : closeCallbacks) {
            runCloseCallback(callback);
        }
    }

    /** Takes the consumer side for the sweep: a thread in {@code take}/{@code poll} leaves it as soon as close wakes it. */
    private void acquireConsumer() {
        Thread me = Thread.currentThread();
        while (!loop.tryAcquire(me)) {
            LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(100));
        }
    }

    private int inFlight() {
        return loop.observeMessage() == null ? 0 : 1;
    }

    private String describeDispatcher() {
        Thread t = loopThread;
        String handler = t == null ? "(no dispatcher)" : StallWatchdog.handlerFrame(t.getStackTrace());
        return StallWatchdog.describe(loop.observeMessage(), loop.observeHook(), handler);
    }

    private String stackOfLoopThread() {
        Thread t = loopThread;
        return t == null ? "" : StallWatchdog.format(t.getStackTrace());
    }

    boolean isRunning() {
        return state == State.RUNNING;
    }

    /** True from the moment close() is called: puts and registrations are refused from then on. */
    boolean isClosed() {
        return closeStarted;
    }

    /** Unregisters every hook and timer; see {@link EventEngine#clear()}. */
    void clear(HookRegistry registry) {
        synchronized (lock) {
            if (state == State.RUNNING) {
                throw new IllegalStateException(
                        "clear() works only on a stopped engine; stop() engine '" + name + "' first");
            }
            registry.clear();
            timers.clear();
        }
    }

    void checkNotClosed(String what) {
        if (closeStarted) {
            throw new IllegalStateException(what + " on closed engine '" + name + "'; build a new engine");
        }
    }

    /** See {@link io.eventengine.core.spi.EngineSupport#whenClosed(Runnable)}. */
    Runnable whenClosed(Runnable callback) {
        Runnable entry = callback::run; // its own identity: the same callback may be added twice
        closeCallbacks.add(entry);
        if (state == State.CLOSED) { // add, then look; markClosed() sets the state, then looks: one of them runs it
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

    String stateName() {
        return state.name();
    }

    private static long deadlineAfter(Duration timeout) {
        return PublishOptions.deadlineAfter(timeout);
    }
}
