package io.eventengine.core;

import java.time.Duration;
import java.time.Instant;

/**
 * A clock that moves only when told to: timers driven by it fire on {@link #advance}, so tests check alignment,
 * skipped ticks and first ticks without sleeping. Thread-safe.
 */
public final class ManualClock implements EngineClock {
    private long millis;

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
        while (millis < epochMillis) {
            wait();
        }
    }

    @Override
    public String toString() {
        return "ManualClock[" + instant() + "]";
    }
}
