package io.eventengine.core;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every timer of one engine, on one thread. A timer's schedule is fixed when it is created (from the clock's reading
 * then), so a test that advances a {@code io.eventengine.test.ManualClock} right after {@code timer(...)} sees the tick. On each wake the
 * thread fires each due timer once, for its latest due time, and moves it to its first future time: missed ticks are
 * skipped, never fired in a burst. Ticks are offered without waiting; a tick that finds the queue full is dropped and
 * counted. The thread sleeps on the clock and is interrupted to stop at once or to look at a new timer.
 */
final class TimerScheduler {
    static final String PREFIX = "EventEngine.Internal.Timer";
    static final Topic SECOND = Topic.of(PREFIX + ".Second");
    static final Topic MINUTE = Topic.of(PREFIX + ".Minute");

    private static final Logger LOG = LoggerFactory.getLogger(TimerScheduler.class);

    /** Where ticks go; false when refused (queue full or engine closed). */
    interface TickSink {
        boolean offerTick(Topic topic, Map<String, Object> kwargs);
    }

    private final EngineClock clock;
    private final TickSink sink;
    private final String threadName;
    private final Map<Long, TimerTask> timers = new LinkedHashMap<>(); // guarded by this
    private @Nullable Thread thread; // guarded by this
    private volatile long ticksDropped; // written by the timer thread only

    TimerScheduler(EngineClock clock, TickSink sink, String threadName) {
        this.clock = clock;
        this.sink = sink;
        this.threadName = threadName;
    }

    /** The topic of the timer for {@code interval}, created on first use with its first tick at {@code activateAt}. */
    synchronized Topic timer(Duration interval, @Nullable Instant activateAt) {
        long period = periodMillis(interval);
        TimerTask existing = timers.get(period);
        if (existing != null) {
            return existing.topic;
        }
        long now = clock.millis();
        long start = startMillis(activateAt, now);
        TimerTask task = new TimerTask(period, start, now);
        timers.put(period, task);
        if (thread != null) {
            thread.interrupt(); // re-plan with the new timer
        }
        return task.topic;
    }

    /** The longest timer interval: beyond it, schedule arithmetic on epoch milliseconds could overflow. */
    static final Duration MAX_INTERVAL = Duration.ofDays(365);

    static long periodMillis(Duration interval) {
        if (interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("A timer interval must be at most " + MAX_INTERVAL
                    + " (EventEngine.MAX_TIMER_INTERVAL), got " + interval
                    + "; for something that rare, schedule it outside the engine");
        }
        long period = interval.toMillis();
        if (interval.isNegative() || period < 1 || !interval.equals(Duration.ofMillis(period))) {
            throw new IllegalArgumentException(
                    "A timer interval must be a positive whole number of milliseconds, got " + interval);
        }
        return period;
    }

    /**
     * {@code activateAt} in epoch millis: from 1970 (a past start fires at once, on the start's grid) to a year ahead
     * of now, so the schedule arithmetic cannot overflow.
     */
    static long startMillis(@Nullable Instant activateAt, long now) {
        if (activateAt == null) {
            return now;
        }
        if (activateAt.isBefore(Instant.EPOCH)
                || activateAt.isAfter(Instant.ofEpochMilli(now + MAX_INTERVAL.toMillis()))) {
            throw new IllegalArgumentException("A timer's activateAt must be between " + Instant.EPOCH + " and "
                    + MAX_INTERVAL + " (EventEngine.MAX_TIMER_INTERVAL) from now (" + Instant.ofEpochMilli(now)
                    + "), got " + activateAt);
        }
        return activateAt.toEpochMilli();
    }

    static Topic topicFor(long periodMillis) {
        if (periodMillis == 1_000) {
            return SECOND;
        }
        if (periodMillis == 60_000) {
            return MINUTE;
        }
        // Whole seconds read as seconds; anything finer gets "ms", since a '.' would split the part.
        String part = periodMillis % 1_000 == 0 ? Long.toString(periodMillis / 1_000) : periodMillis + "ms";
        return Topic.of(PREFIX + "." + part);
    }

    synchronized List<Topic> topics() {
        return timers.values().stream().map(t -> t.topic).toList();
    }

    long ticksDropped() {
        return ticksDropped;
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        Thread t = new Thread(this::loop, threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops the thread at once (interrupting its sleep) and waits for it. */
    void stop() {
        Thread t;
        synchronized (this) {
            t = thread;
            thread = null;
        }
        if (t == null) {
            return;
        }
        t.interrupt();
        if (t != Thread.currentThread()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    synchronized void clear() {
        timers.clear();
    }

    private void loop() {
        Thread me = Thread.currentThread();
        while (true) {
            long nextDue;
            synchronized (this) {
                if (thread != me) {
                    return;
                }
                long now = clock.millis();
                nextDue = Long.MAX_VALUE;
                for (TimerTask task : timers.values()) {
                    if (now >= task.nextFire) {
                        task.fire(now);
                    }
                    nextDue = Math.min(nextDue, task.nextFire);
                }
            }
            try {
                clock.sleepUntil(nextDue);
            } catch (InterruptedException e) {
                // stop() or a new timer: the loop re-checks which
            }
        }
    }

    private final class TimerTask {
        final long period;
        final Topic topic;
        final boolean aligned;
        final Duration interval;
        long nextFire; // touched only under the scheduler's lock

        TimerTask(long period, long start, long now) {
            this.period = period;
            this.topic = topicFor(period);
            this.aligned = period == 1_000 || period == 60_000;
            this.interval = Duration.ofMillis(period);
            if (aligned) {
                // the first wall-clock boundary at or after the start (strictly after now)
                long from = Math.max(start, now + 1);
                this.nextFire = ceilDiv(from, period) * period;
            } else {
                this.nextFire = start; // at once, or at activateAt
            }
        }

        /** Fires for the latest due time at or before {@code now}, then schedules the first time after it. */
        void fire(long now) {
            long due = nextFire + (now - nextFire) / period * period;
            nextFire = due + period;
            Map<String, Object> kwargs = new LinkedHashMap<>(4);
            kwargs.put("interval", interval);
            if (aligned) {
                kwargs.put("timestamp", Instant.ofEpochMilli(due - period)); // start of the period that just ended
            } else {
                kwargs.put("trigger_time", Instant.ofEpochMilli(due));
            }
            if (!sink.offerTick(topic, kwargs)) {
                ticksDropped++;
                LOG.debug("Timer tick on '{}' dropped: the engine's queue is full", topic);
            }
        }
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
