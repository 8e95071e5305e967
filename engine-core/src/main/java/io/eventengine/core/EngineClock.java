package io.eventengine.core;

/**
 * Wall-clock time for the engine's timers, injectable so tests run timers in virtual time ({@code io.eventengine.test.ManualClock}).
 * Message timestamps use it too.
 */
public interface EngineClock {
    /** Milliseconds since the epoch. */
    long millis();

    /**
     * Blocks until {@link #millis()} reaches {@code epochMillis}.
     *
     * @throws InterruptedException when the waiting thread is interrupted (the engine does so to stop its timers)
     */
    void sleepUntil(long epochMillis) throws InterruptedException;

    /** The system clock. */
    static EngineClock system() {
        return SystemClock.INSTANCE;
    }

    /** {@link System#currentTimeMillis()} and {@link Thread#sleep}, re-reading the clock after each sleep. */
    final class SystemClock implements EngineClock {
        static final SystemClock INSTANCE = new SystemClock();

        private SystemClock() {}

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public void sleepUntil(long epochMillis) throws InterruptedException {
            for (long left; (left = epochMillis - System.currentTimeMillis()) > 0; ) {
                Thread.sleep(left); // re-check: the wall clock may have been set back or forward meanwhile
            }
        }

        @Override
        public String toString() {
            return "EngineClock.system()";
        }
    }
}
