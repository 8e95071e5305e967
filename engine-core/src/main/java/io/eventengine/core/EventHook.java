package io.eventengine.core;

import io.eventengine.core.internal.CallbackFailures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers of one topic, called in registration order.
 *
 * <p>The handler list is copy-on-write: {@link #trigger} reads one volatile array and never locks, and a handler may
 * add or remove handlers (of this hook or any other) while it runs. Such a change applies from the next message on:
 * the message being handled goes to the handlers that were there when its trigger began.
 *
 * <p>A handler that throws (any {@link Throwable}, {@link StackOverflowError} included) does not stop the others: the
 * failure is counted and logged with the topic, the handler and the message's sequence number. To keep a handler that
 * fails on every message from flooding the log, the 1st, 10th, 100th... failure of each handler is logged at WARN with
 * its stack trace and the others at DEBUG.
 *
 * <p>With statistics on ({@link #EventHook(Topic, boolean)}), each call is timed (PyEventEngine's {@code
 * EventHookEx}); with them off, trigger does no timing or counting at all beyond failures.
 */
public final class EventHook implements Iterable<EventHandler> {
    private static final Logger LOG = LoggerFactory.getLogger(EventHook.class);
    private static final Entry[] NO_ENTRIES = new Entry[0];

    private final Topic topic;
    private final boolean statsEnabled;
    private final @Nullable StatsCounter triggerStats;
    private final AtomicLong hookCalls = new AtomicLong();
    private final AtomicLong hookFailures = new AtomicLong();

    /** Written under {@code this} lock, read without it. */
    private volatile Entry[] entries = NO_ENTRIES;

    /** Whether a registry ever published this hook; guarded by {@code this}. */
    private boolean everRegistered;

    /** The monitoring of the engine the hook is registered with (for HANDLER_RAISE); null outside an engine. */
    private volatile @Nullable Monitor monitor;

    /** A hook on {@code topic} without statistics. */
    public EventHook(Topic topic) {
        this(topic, false);
    }

    /** A hook on {@code topic}; {@code collectStats} turns per-call timing on. */
    public EventHook(Topic topic, boolean collectStats) {
        this.topic = topic;
        this.statsEnabled = collectStats;
        this.triggerStats = collectStats ? new StatsCounter() : null;
    }

    /** The topic (exact or pattern) this hook serves. */
    public Topic topic() {
        return topic;
    }

    /** Whether calls are timed and counted. */
    public boolean isStatsEnabled() {
        return statsEnabled;
    }

    /** Appends {@code handler}, even if it is already there; returns true. */
    public boolean add(EventHandler handler) {
        return add(handler, false);
    }

    /**
     * Appends {@code handler}; with {@code deduplicate}, does nothing when an equal handler is already there.
     *
     * @return whether the handler was added
     */
    public boolean add(EventHandler handler, boolean deduplicate) {
        return add(handler, deduplicate, null);
    }

    /**
     * Appends {@code handler} owing it {@code replay}'s retained messages, which it gets before its first live message
     * (see {@link RetainedMessages}); the entry is written before the volatile array that publishes it.
     */
    synchronized boolean add(EventHandler handler, boolean deduplicate, @Nullable RetainedReplay replay) {
        if (deduplicate && indexOf(handler) >= 0) {
            return false;
        }
        Entry[] current = entries;
        Entry[] next = Arrays.copyOf(current, current.length + 1);
        Entry entry = new Entry(handler, statsEnabled);
        if (replay != null) {
            entry.owed = replay;
            replay.owedBy(this);
        }
        next[current.length] = entry;
        entries = next;
        return true;
    }

    /** Appends {@code handler}; Kotlin reads this as {@code hook += handler}. */
    public void plusAssign(EventHandler handler) {
        add(handler);
    }

    /**
     * Removes the first occurrence of {@code handler} (by {@code equals}).
     *
     * @return whether it was there
     */
    public synchronized boolean remove(EventHandler handler) {
        int index = indexOf(handler);
        if (index < 0) {
            return false;
        }
        Entry[] current = entries;
        Entry[] next = new Entry[current.length - 1];
        System.arraycopy(current, 0, next, 0, index);
        System.arraycopy(current, index + 1, next, index, next.length - index);
        entries = next;
        return true;
    }

    /** Removes the first occurrence of {@code handler}; Kotlin reads this as {@code hook -= handler}. */
    public void minusAssign(EventHandler handler) {
        remove(handler);
    }

    /** Removes every handler. */
    public synchronized void clear() {
        entries = NO_ENTRIES;
    }

    /** Whether an equal handler is in the hook; Kotlin reads this as {@code handler in hook}. */
    public boolean contains(EventHandler handler) {
        return indexOf(handler) >= 0;
    }

    /** The number of handlers (a handler added twice counts twice). */
    public int size() {
        return entries.length;
    }

    /** True when the hook has no handler. */
    public boolean isEmpty() {
        return entries.length == 0;
    }

    /** A snapshot of the handlers, in calling order. */
    public List<EventHandler> handlers() {
        Entry[] snapshot = entries;
        List<EventHandler> list = new ArrayList<>(snapshot.length);
        for (Entry entry : snapshot) {
            list.add(entry.handler);
        }
        return List.copyOf(list);
    }

    /** Iterates a snapshot of the handlers. */
    @Override
    public Iterator<EventHandler> iterator() {
        return handlers().iterator();
    }

    /**
     * Calls every handler with {@code message}, in order, on the calling thread.
     *
     * @return how many handlers threw
     */
    public int trigger(MessagePayload message) {
        Entry[] snapshot = entries;
        StatsCounter hookTimer = triggerStats;
        if (hookTimer == null) {
            int failed = 0;
            for (Entry entry : snapshot) {
                failed += call(entry, message);
            }
            return failed;
        }
        long start = System.nanoTime();
        int failed = 0;
        for (Entry entry : snapshot) {
            long callStart = System.nanoTime();
            failed += call(entry, message);
            long end = System.nanoTime();
            entry.stats().record(end - callStart);
        }
        hookTimer.record(System.nanoTime() - start);
        hookCalls.addAndGet(snapshot.length);
        return failed;
    }

    /** One handler call, contained; first the retained messages the entry is owed, if any. Returns the failures. */
    private int call(Entry entry, MessagePayload message) {
        int failed = 0;
        RetainedReplay owed = entry.owed;
        if (owed != null) {
            failed = settleOwed(entry, owed, message);
            if (failed < 0) {
                return ~failed;
            }
        }
        try {
            entry.handler.handle(message);
            return failed;
        } catch (Throwable t) {
            onFailure(entry, message, t);
            return failed + 1;
        }
    }

    /**
     * Delivers what the entry is owed. Returns the failures, or their complement ({@code ~failures}, negative) when the
     * replay included {@code message}: retained and dispatched just before the registration, it has been handed over.
     */
    private int settleOwed(Entry entry, RetainedReplay owed, MessagePayload message) {
        entry.owed = null;
        int failed = deliver(entry, owed);
        return owed.includes(message) ? ~failed : failed;
    }

    /**
     * Records that a registry publishes this hook; true the first time only. A route cache may add a hook that is new
     * to every route in place (see {@link HookRegistry#updated}); one registered before may sit in a cached route at
     * its old place.
     */
    synchronized boolean markRegistered() {
        boolean first = !everRegistered;
        everRegistered = true;
        return first;
    }

    /** The engine whose monitoring sees this hook's failures; set when the hook is registered. */
    void monitoredBy(Monitor engineMonitor) {
        this.monitor = engineMonitor;
    }

    /**
     * {@link #trigger(MessagePayload)} firing the handler events of {@code events} (the activation word the dispatcher
     * read for its batch): HANDLER_START before each call, HANDLER_RETURN with its duration after one that returned.
     */
    int trigger(MessagePayload message, Monitor engineMonitor, int events) {
        Entry[] snapshot = entries;
        StatsCounter hookTimer = triggerStats;
        long start = hookTimer == null ? 0 : System.nanoTime();
        int failed = 0;
        for (Entry entry : snapshot) {
            failed += callMonitored(entry, message, engineMonitor, events);
        }
        if (hookTimer != null) {
            hookTimer.record(System.nanoTime() - start);
            hookCalls.addAndGet(snapshot.length);
        }
        return failed;
    }

    private int callMonitored(Entry entry, MessagePayload message, Monitor engineMonitor, int events) {
        int failed = 0;
        RetainedReplay owed = entry.owed;
        if (owed != null) {
            failed = settleOwed(entry, owed, message);
            if (failed < 0) {
                return ~failed;
            }
        }
        if ((events & Monitor.bit(Monitor.HANDLER_START)) != 0) {
            engineMonitor.fireHandlerStart(this, entry.handler, message);
        }
        long callStart = System.nanoTime();
        try {
            entry.handler.handle(message);
        } catch (Throwable t) {
            record(entry, System.nanoTime() - callStart);
            onFailure(entry, message, t);
            return failed + 1;
        }
        long nanos = System.nanoTime() - callStart;
        record(entry, nanos);
        if ((events & Monitor.bit(Monitor.HANDLER_RETURN)) != 0) {
            engineMonitor.fireHandlerReturn(this, entry.handler, message, nanos);
        }
        return failed;
    }

    private static void record(Entry entry, long nanos) {
        StatsCounter stats = entry.stats;
        if (stats != null) {
            stats.record(nanos);
        }
    }

    /**
     * Delivers {@code replay} now, unless the handler it is owed to was removed or has had it (on the dispatcher
     * thread, when the registration's replay reaches the head of the engine's replay queue). Returns the failures.
     */
    int deliverQueued(RetainedReplay replay) {
        for (Entry entry : entries) {
            if (entry.owed == replay) {
                entry.owed = null;
                return deliver(entry, replay);
            }
        }
        return 0;
    }

    private int deliver(Entry entry, RetainedReplay replay) {
        int failed = 0;
        for (MessagePayload retained : replay.messages()) {
            try {
                entry.handler.handle(retained);
            } catch (Throwable t) {
                failed++;
                onFailure(entry, retained, t);
            }
        }
        return failed;
    }

    private void onFailure(Entry entry, MessagePayload message, Throwable failure) {
        long count = entry.failures.incrementAndGet();
        hookFailures.incrementAndGet();
        Monitor m = monitor;
        if (m != null && (m.active() & Monitor.bit(Monitor.HANDLER_RAISE)) != 0) {
            m.fireHandlerRaise(this, entry.handler, message, failure);
        }
        CallbackFailures.report(
                LOG,
                failure,
                count,
                () -> "Handler " + entry.handler + " on topic '" + topic + "' threw while handling seq "
                        + message.seqId());
    }

    /**
     * A snapshot of the hook's statistics.
     *
     * @throws IllegalStateException when statistics are off for this hook
     */
    public HookStats stats() {
        StatsCounter hookTimer = triggerStats;
        if (hookTimer == null) {
            throw new IllegalStateException("Statistics are off for the hook on '" + topic
                    + "'; create it with new EventHook(topic, true) (or enable hook statistics on the engine)");
        }
        Entry[] snapshot = entries;
        List<HandlerStats> handlers = new ArrayList<>(snapshot.length);
        for (Entry entry : snapshot) {
            StatsCounter c = entry.stats();
            handlers.add(
                    new HandlerStats(entry.handler, c.calls(), entry.failures.get(), c.totalNanos(), c.maxNanos()));
        }
        return new HookStats(
                topic,
                hookTimer.calls(),
                hookCalls.get(),
                hookFailures.get(),
                hookTimer.totalNanos(),
                hookTimer.maxNanos(),
                handlers);
    }

    /** Failures of all handlers so far; counted whether or not statistics are on. */
    public long failures() {
        return hookFailures.get();
    }

    /** Zeroes every counter of the hook and its handlers. */
    public synchronized void resetStats() {
        hookCalls.set(0);
        hookFailures.set(0);
        if (triggerStats != null) {
            triggerStats.reset();
        }
        for (Entry entry : entries) {
            entry.failures.set(0);
            if (entry.stats != null) {
                entry.stats.reset();
            }
        }
    }

    private int indexOf(EventHandler handler) {
        Entry[] snapshot = entries;
        for (int i = 0; i < snapshot.length; i++) {
            if (snapshot[i].handler.equals(handler)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "EventHook[topic=" + topic + ", handlers=" + entries.length + "]";
    }

    private static final class Entry {
        final EventHandler handler;
        final @Nullable StatsCounter stats;
        final AtomicLong failures = new AtomicLong();
        /**
         * Retained messages the handler is owed and has not had; written before the entry is published, then read and
         * cleared by the dispatching thread only.
         */
        @Nullable
        RetainedReplay owed;

        Entry(EventHandler handler, boolean timed) {
            this.handler = handler;
            this.stats = timed ? new StatsCounter() : null;
        }

        StatsCounter stats() {
            StatsCounter s = stats;
            if (s == null) {
                throw new IllegalStateException("statistics are off");
            }
            return s;
        }
    }
}
