package io.eventengine.eventlog;

import java.time.Clock;
import java.util.Objects;

/**
 * How an {@link EventLog} (and an {@link EventLogReader}) loads, appends and stamps events. Immutable; start from
 * {@link #defaults()}.
 *
 * @param lenient when loading, skip corrupt lines (and list them in {@link EventLog#loadReport()}) instead of failing
 *     with {@link CorruptLogException}; a torn last line is kept out and reported either way
 * @param fsync when appending to a file, force each event to the storage device before {@code add} returns. Each
 *     event is always handed to the operating system in one write before {@code add} returns, so an acknowledged event
 *     survives the crash or kill of the process without fsync; fsync is what makes it survive an operating-system
 *     crash or a power loss too (without it those may lose the last events, never corrupt earlier ones)
 * @param clock the clock that stamps events' timestamps
 * @param limits how large one record may be, for writing and reading alike (see {@link RecordLimits})
 */
public record EventLogOptions(boolean lenient, boolean fsync, Clock clock, RecordLimits limits) {
    private static final EventLogOptions DEFAULTS =
            new EventLogOptions(false, false, Clock.systemUTC(), RecordLimits.defaults());

    /** Checks the clock and the limits. */
    public EventLogOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(limits, "limits");
    }

    /** Options with the {@link RecordLimits#defaults() default limits}. */
    public EventLogOptions(boolean lenient, boolean fsync, Clock clock) {
        this(lenient, fsync, clock, RecordLimits.defaults());
    }

    /** Strict loading, no fsync, the system clock, the default record limits. */
    public static EventLogOptions defaults() {
        return DEFAULTS;
    }

    /** These options with corrupt lines skipped ({@code true}) or failing the load ({@code false}). */
    public EventLogOptions withLenient(boolean lenient) {
        return new EventLogOptions(lenient, fsync, clock, limits);
    }

    /** These options with each appended event forced to the device ({@code true}) or not. */
    public EventLogOptions withFsync(boolean fsync) {
        return new EventLogOptions(lenient, fsync, clock, limits);
    }

    /** These options with another clock for timestamps (a fixed one makes tests reproducible). */
    public EventLogOptions withClock(Clock clock) {
        return new EventLogOptions(lenient, fsync, clock, limits);
    }

    /**
     * These options with other record limits. Use the same limits (or larger ones) everywhere the log is read as where
     * it was written: a record over the reader's limits is a corrupt line to it.
     */
    public EventLogOptions withLimits(RecordLimits limits) {
        return new EventLogOptions(lenient, fsync, clock, limits);
    }
}
