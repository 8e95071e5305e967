package io.eventengine.test;

import io.eventengine.core.EngineClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A clock that moves only when told to: timers driven by it fire on {@link #advance}, so tests check alignment,
 * skipped ticks and first ticks without sleeping. Thread-safe.
 */
public final class ManualClock implements EngineClock {
    private long millis;
    private final List<Long> sleeperDeadlines = new ArrayList<>();

    /** A clock reading {@code start}. */
    public ManualClock(Instant start) {
        this.millis = start.toEpochMilli();
    }

    @Override
    public synchronized long millis() {
        return millis;
    }

    /** The current reading as an instant. */
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    /** Moves the clock forward by {@code amount} and wakes every sleeper whose time has come. */
    public synchronized void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("A clock only moves forward; got " + amount);
        }
        millis += amount.toMillis();
        notifyAll();
    }

    /** Sets the clock to {@code instant} (which may be earlier: a wall clock can be set back) and wakes sleepers. */
    public synchronized void set(Instant instant) {
        millis = instant.toEpochMilli();
        notifyAll();
    }

    @Override
    public synchronized void sleepUntil(long epochMillis) throws InterruptedException {
        if (millis >= epochMillis) {
            return;
        }
        Long deadline = epochMillis;
        sleeperDeadlines.add(deadline);
        notifyAll(); // tell awaitSleeper
        try {
            while (millis < epochMillis) {
                wait();
            }
        } finally {
            sleeperDeadlines.remove(deadline);
        }
    }

    /**
     * Waits (in real time, at most {@code timeout}) until some thread sleeps on this clock until a time still ahead:
     * for a timer scheduler, proof that it has done all the work the last {@link #advance} made due.
     *
     * @return false when no such sleeper showed up in time
     */
    public synchronized boolean awaitSleeper(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!hasSleeperAhead()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private boolean hasSleeperAhead() {
        for (long deadline : sleeperDeadlines) {
            if (deadline > millis) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + "]";
    }
}
