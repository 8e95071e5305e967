package io.eventengine.eventlog;

import java.time.Clock;
import java.util.Objects;

/**
 * How an {@link EventLog} loads, appends and stamps events. Immutable; start from {@link #defaults()}.
 *
 * @param lenient when loading, skip corrupt lines (and list them in {@link EventLog#loadReport()}) instead of failing
 *     with {@link CorruptLogException}; a torn last line is kept out and reported either way
 * @param fsync when appending to a file, force each event to the storage device before {@code add} returns (each
 *     event is always written to the operating system before {@code add} returns; without fsync a power loss may lose
 *     the last events, never corrupt earlier ones)
 * @param clock the clock that stamps events' timestamps
 */
public record EventLogOptions(boolean lenient, boolean fsync, Clock clock) {
    private static final EventLogOptions DEFAULTS = new EventLogOptions(false, false, Clock.systemUTC());

    /** Checks the clock. */
    public EventLogOptions {
        Objects.requireNonNull(clock, "clock");
    }

    /** Strict loading, no fsync, the system clock. */
    public static EventLogOptions defaults() {
        return DEFAULTS;
    }

    /** These options with corrupt lines skipped ({@code true}) or failing the load ({@code false}). */
    public EventLogOptions withLenient(boolean lenient) {
        return new EventLogOptions(lenient, fsync, clock);
    }

    /** These options with each appended event forced to the device ({@code true}) or not. */
    public EventLogOptions withFsync(boolean fsync) {
        return new EventLogOptions(lenient, fsync, clock);
    }

    /** These options with another clock for timestamps (a fixed one makes tests reproducible). */
    public EventLogOptions withClock(Clock clock) {
        return new EventLogOptions(lenient, fsync, clock);
    }
}
