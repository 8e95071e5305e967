package io.eventengine.eventlog;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What loading a JSON Lines log found besides events: lines skipped in lenient mode and a torn last line.
 *
 * @param source the file (or the name given to {@link EventLog#read}) that was read
 * @param eventsLoaded how many events were loaded
 * @param skippedLines corrupt lines skipped in lenient mode, in file order (empty in strict mode, which throws)
 * @param tornLine the last line when it was cut short (no line feed and not a valid record, as a crash mid-append
 *     leaves it): kept out of the log in both modes; when the log is opened for appending it is cut off the file and
 *     its bytes are appended to {@code <file>.torn} beside it, so nothing is destroyed
 */
public record LoadReport(
        String source,
        int eventsLoaded,
        List<Problem> skippedLines,
        @Nullable Problem tornLine) {
    /** Copies the list. */
    public LoadReport {
        Objects.requireNonNull(source, "source");
        skippedLines = List.copyOf(skippedLines);
    }

    /** The report of a log that was not loaded from anything. */
    static LoadReport none() {
        return new LoadReport("(new log)", 0, List.of(), null);
    }

    /** True when every non-blank line was loaded. */
    public boolean isClean() {
        return skippedLines.isEmpty() && tornLine == null;
    }

    /**
     * One line that was not loaded.
     *
     * @param lineNumber counted from 1, blank lines included
     * @param reason what is wrong with it
     * @param excerpt the start of the line (at most 200 characters; undecodable bytes replaced)
     */
    public record Problem(long lineNumber, String reason, String excerpt) {
        /** Checks the fields. */
        public Problem {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(excerpt, "excerpt");
        }

        @Override
        public String toString() {
            return "line " + lineNumber + ": " + reason;
        }
    }

    @Override
    public String toString() {
        return "LoadReport[" + source + ": " + eventsLoaded + " events"
                + (skippedLines.isEmpty() ? "" : ", skipped " + skippedLines)
                + (tornLine == null ? "" : ", torn last " + tornLine)
                + "]";
    }
}
