package io.eventengine.core;

import io.eventengine.core.internal.RouteCache;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer side of the engine: takes messages off the queue in batches, numbers them and triggers their routes.
 *
 * <p>Only the thread that holds {@link #owner} (the dispatcher, a {@code run()} caller, or a {@code take}/{@code poll} caller)
 * consumes; the per-message numbers ({@link DispatchSequence}, padded away from what producers read) are that thread's
 * alone, handed over through the owner CAS. Counters that other threads read are written with release stores by that
 * single writer.
 */
final class DispatchLoop {
    private static final Logger LOG = LoggerFactory.getLogger(DispatchLoop.class);

    /**
     * Messages dispatched per reading of the clock: a message is stamped when it is taken off the queue (see {@link
     * MessagePayload#timestampMillis()}), with a reading at most this many messages old.
     */
    static final int MESSAGES_PER_CLOCK_READ = 16;

    private final MpscMessageQueue queue;
    private final HookRegistry registry;
    private final EngineClock clock;
    private final RouteCache<EventHook[]> cache;
    private final RetainedMessages retained;
    private final int batchSize;
    private final IdleStrategy idle;
    private final AtomicReference<@Nullable Thread> owner = new AtomicReference<>();
    private final DispatchSequence seq = new DispatchSequence();
    private final AtomicLong handlerFailures = new AtomicLong();
    private final AtomicLong interruptsCleared = new AtomicLong();
    /** Owner-thread only: what handlers asked to run once the batch being dispatched ends (see {@link #afterBatch}). */
    private final AfterBatchTasks afterBatch = new AfterBatchTasks();
    /** Owner-thread only: a task of the last batch woke a consumer thread, so idling starts with the yields. */
    private boolean consumerWoken;

    private final Monitor monitor;

    private volatile boolean stopRequested;
    private volatile boolean drainOnStop;
    private volatile long drainDeadlineNanos;

    DispatchLoop(
            MpscMessageQueue queue,
            HookRegistry registry,
            RetainedMessages retained,
            EngineClock clock,
            int routeCacheSize,
            int batchSize,
            IdleStrategy idle,
            Monitor monitor) {
        this.monitor = monitor;
        this.queue = queue;
        this.registry = registry;
        this.retained = retained;
        this.clock = clock;
        this.cache = new RouteCache<>(registry, routeCacheSize);
        this.batchSize = batchSize;
        this.idle = idle;
    }

    boolean tryAcquire(Thread thread) {
        return owner.compareAndSet(null, thread);
    }

    void release() {
        owner.set(null);
    }

    @Nullable
    Thread owner() {
        return owner.get();
    }

    /** The seq of the message being dispatched; meaningful on the owner thread only. */
    long currentSeq() {
        return seq.current();
    }

    long dispatched() {
        return seq.lvDispatched();
    }

    long handlerFailures() {
        return handlerFailures.get();
    }

    long interruptsCleared() {
        return interruptsCleared.get();
    }

    /**
     * The message being dispatched, seen from another thread (the stall watchdog, close's report); null between
     * messages. Kept in the padded {@link DispatchSequence}: next to the owner, which every put reads, the two stores per
     * message would cost each put a cache miss.
     */
    @Nullable
    MessagePayload observeMessage() {
        return seq.lvMessage();
    }

    /** The hook being triggered, seen from another thread; null between messages. */
    @Nullable
    EventHook observeHook() {
        return seq.lvHook();
    }

    /** Clears a previous stop request; called before the loop's thread starts, so an early stop is not lost. */
    void prepare() {
        stopRequested = false;
        drainOnStop = false;
    }

    /** Dispatches on the owner thread until {@link #requestStop}; then drains if asked to. */
    void run() {
        long idleCount = 0; // long: spins + yields may exceed an int (IdleStrategy takes any int for each)
        while (!stopRequested) {
            if (dispatchBatch(true, 0) > 0) {
                // On 2 cores a spinning dispatcher holds the core a collector it just resumed needs (HopLatency's
                // engineFlow, docs/benchmarks.md): that collector's thread gets it at the first yield instead.
                idleCount = consumerWoken ? idle.spins() : 0;
                consumerWoken = false;
            } else {
                idleCount = idle(idleCount);
            }
        }
        if (drainOnStop) {
            drainUntil(drainDeadlineNanos);
        }
    }

    private long idle(long count) {
        if (count < idle.spins()) {
            Thread.onSpinWait();
            return count + 1;
        }
        if (count - idle.spins() < idle.yields()) {
            Thread.yield();
            return count + 1;
        }
        if (idle.park()) {
            if (Thread.interrupted()) {
                // Set from outside while idle (a handler's is cleared after its message): a set flag makes park return
                // at once, so leaving it would spin a core.
                onInterruptCleared(null, null);
            }
            queue.awaitMessages(0); // a producer's offer or requestStop unparks
        } else {
            Thread.yield();
        }
        return count;
    }

    boolean isStopRequested() {
        return stopRequested;
    }

    /** Asks the loop to end after the message it is handling; called from any thread. */
    void requestStop(boolean drain, long deadlineNanos) {
        drainDeadlineNanos = deadlineNanos;
        drainOnStop = drain;
        stopRequested = true;
        Thread t = owner.get();
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Dispatches until the queue is strictly empty or {@code deadlineNanos} passes (0: no deadline), on the owner
     * thread. Messages published by handlers meanwhile are delivered too.
     */
    void drainUntil(long deadlineNanos) {
        deliverReplays();
        while (!queue.isEmpty() && !passed(deadlineNanos)) {
            if (dispatchBatch(false, deadlineNanos) == 0) {
                Thread.onSpinWait(); // a producer claimed a slot and is still writing it
            }
        }
    }

    /**
     * Dispatches up to a batch, one message at a time, so that a stop request (when {@code honorStop}) or a deadline
     * takes effect right after the message being handled, not after the batch.
     */
    private int dispatchBatch(boolean honorStop, long deadlineNanos) {
        int taken = 0;
        long now = 0;
        // The batch's one read of the activation word: tools added meanwhile see dispatch events from the next batch.
        int events = monitor.active() & Monitor.DISPATCH_PATH;
        afterBatch.begin();
        try {
            if (retained.hasReplays()) {
                deliverReplays(); // registrations owed retained messages on topics that may see no live one soon
            }
            while (taken < batchSize && !(honorStop && stopRequested) && !passed(deadlineNanos)) {
                MessagePayload message = queue.relaxedPoll();
                if (message == null) {
                    break;
                }
                if (taken % MESSAGES_PER_CLOCK_READ == 0) {
                    now = clock.millis(); // not per put: one reading serves the next messages of the batch
                }
                dispatchOne(message, now, events);
                taken++;
            }
        } finally {
            afterBatch.end();
        }
        if (taken > 0) {
            queue.wakeProducers();
        }
        return taken;
    }

    /**
     * Runs {@code task} once the batch being dispatched on this thread ends, or at once when the calling thread is not
     * dispatching a batch of this engine (see {@link io.eventengine.core.spi.EngineSupport#afterBatch}).
     */
    void afterBatch(Runnable task) {
        if (owner.get() != Thread.currentThread() || !afterBatch.add(task)) {
            AfterBatchTasks.runContained(task);
        }
    }

    /** See {@link io.eventengine.core.spi.EngineSupport#consumerWoken()}. */
    void consumerWoken() {
        if (owner.get() == Thread.currentThread()) {
            consumerWoken = true;
        }
    }

    /** A handler is about to block the dispatcher: what waits for the batch's end, and producers, go now. */
    void beforeBlocking() {
        if (owner.get() == Thread.currentThread()) {
            afterBatch.runNow();
        }
        queue.wakeProducers();
    }

    private void deliverReplays() {
        int failures = retained.deliverReplays();
        if (failures != 0) {
            handlerFailures.lazySet(handlerFailures.get() + failures);
        }
    }

    private static boolean passed(long deadlineNanos) {
        return deadlineNanos != 0 && System.nanoTime() - deadlineNanos > 0;
    }

    /**
     * Takes one message by hand ({@code take}, {@code poll}), numbered like a dispatched one: at once, or when {@code block}, after up to
     * {@code maxSpin} spins and then parking until one comes, {@code deadlineNanos} passes (0: never) or the thread is
     * interrupted. Null when none came.
     */
    @Nullable
    MessagePayload take(boolean block, int maxSpin, long deadlineNanos) {
        MessagePayload message = take();
        if (message != null || !block) {
            return message;
        }
        for (int i = 0; i < maxSpin && message == null; i++) {
            Thread.onSpinWait();
            message = take();
        }
        Thread me = Thread.currentThread();
        while (message == null && !passed(deadlineNanos) && !me.isInterrupted() && !queue.isClosing()) {
            queue.awaitMessages(deadlineNanos);
            message = take();
        }
        return message;
    }

    private @Nullable MessagePayload take() {
        MessagePayload message = queue.poll();
        if (message != null) {
            message.assignSeqId(seq.next(), clock.millis());
            seq.soDispatchedIncrement();
        }
        return message;
    }

    private void dispatchOne(MessagePayload message, long nowMillis, int events) {
        long id = seq.next();
        message.assignSeqId(id, nowMillis);
        seq.current(id);
        seq.soMessage(message);
        try {
            if (events == 0) {
                dispatch(message);
            } else {
                dispatchMonitored(message, events);
            }
        } catch (Throwable t) {
            // Handler failures never get here (hooks contain them); this is the engine's own bug or an Error
            // thrown by routing. The dispatcher must outlive it: log and go on.
            LOG.error("Dispatch of seq {} on '{}' failed inside the engine", id, message.topic(), t);
        } finally {
            seq.soHook(null);
            seq.soMessage(null);
            seq.current(MessagePayload.NO_SEQ);
            seq.soDispatchedIncrement();
        }
    }

    private void dispatch(MessagePayload message) {
        if (retained.retains(message)) {
            retained.store(message); // before the route: see RetainedMessages
        }
        EventHook[] route = cache.resolve(message.topic());
        int failures = 0;
        for (EventHook hook : route) {
            seq.soHook(hook);
            failures += hook.trigger(message);
        }
        afterRoute(route, message, failures);
    }

    /** {@link #dispatch} for a batch in which some tool wants {@code events} (of {@link Monitor#DISPATCH_PATH}). */
    private void dispatchMonitored(MessagePayload message, int events) {
        if (retained.retains(message)) {
            retained.store(message);
        }
        EventHook[] route = cache.resolve(message.topic());
        if ((events & Monitor.bit(Monitor.DISPATCH)) != 0) {
            monitor.fireDispatch(message, route.length);
        }
        long start = System.nanoTime();
        boolean handlerEvents =
                (events & (Monitor.bit(Monitor.HANDLER_START) | Monitor.bit(Monitor.HANDLER_RETURN))) != 0;
        int failures = 0;
        for (EventHook hook : route) {
            seq.soHook(hook);
            failures += handlerEvents ? hook.trigger(message, monitor, events) : hook.trigger(message);
        }
        afterRoute(route, message, failures);
        if ((events & Monitor.bit(Monitor.DISPATCH_RETURN)) != 0) {
            monitor.fireDispatchReturn(message, route.length, failures, System.nanoTime() - start);
        }
    }

    private void afterRoute(EventHook[] route, MessagePayload message, int failures) {
        if (Thread.interrupted()) { // one field read per message; left set, every later park would return at once
            onInterruptCleared(route, message);
        }
        if (failures != 0) {
            handlerFailures.lazySet(handlerFailures.get() + failures);
        }
    }

    /**
     * A handler returned (or threw) with the thread's interrupt flag set, or something interrupted the idle
     * dispatcher: the flag is cleared and counted; the first time is logged at WARN, the rest at DEBUG.
     */
    private void onInterruptCleared(EventHook @Nullable [] route, @Nullable MessagePayload message) {
        long count = interruptsCleared.get() + 1;
        interruptsCleared.lazySet(count); // single writer: the owner
        String where = route == null || message == null
                ? "while the dispatcher was idle"
                : "by a handler of the hooks on " + topicsOf(route) + " (seq " + message.seqId() + " on '"
                        + message.topic() + "')";
        if (count == 1) {
            LOG.warn(
                    "The interrupt flag of the dispatcher thread {} was left set {}; it was cleared so the dispatcher"
                            + " can idle (counted in EngineStats.interruptsCleared; later ones are logged at DEBUG)."
                            + " A handler that catches InterruptedException should not re-interrupt the dispatcher",
                    Thread.currentThread().getName(),
                    where);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "Interrupt flag of {} cleared (#{}) {}",
                    Thread.currentThread().getName(),
                    count,
                    where);
        }
    }

    private static String topicsOf(EventHook[] route) {
        StringBuilder sb = new StringBuilder();
        for (EventHook hook : route) {
            sb.append(sb.length() == 0 ? "'" : ", '").append(hook.topic()).append('\'');
        }
        return sb.toString();
    }

    int routeCacheSize() {
        return cache.size();
    }
}
