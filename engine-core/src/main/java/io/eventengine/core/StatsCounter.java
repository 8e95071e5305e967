package io.eventengine.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Calls, total and max nanoseconds of something timed. Updated atomically (a hook may be triggered by hand from
 * several threads at once); read with plain volatile loads, so a snapshot is per-field consistent only.
 */
final class StatsCounter {
    private static final VarHandle CALLS;
    private static final VarHandle TOTAL;
    private static final VarHandle MAX;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CALLS = lookup.findVarHandle(StatsCounter.class, "calls", long.class);
            TOTAL = lookup.findVarHandle(StatsCounter.class, "totalNanos", long.class);
            MAX = lookup.findVarHandle(StatsCounter.class, "maxNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long calls;
    private volatile long totalNanos;
    private volatile long maxNanos;

    void record(long nanos) {
        CALLS.getAndAdd(this, 1L);
        TOTAL.getAndAdd(this, nanos);
        long max;
        while (nanos > (max = maxNanos) && !MAX.compareAndSet(this, max, nanos)) {
            // another thread raised the max first: re-read and retry
        }
    }

    long calls() {
        return calls;
    }

    long totalNanos() {
        return totalNanos;
    }

    long maxNanos() {
        return maxNanos;
    }

    void reset() {
        calls = 0;
        totalNanos = 0;
        maxNanos = 0;
    }
}
