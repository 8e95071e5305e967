package io.eventengine.eventlog;

import java.io.IOException;

/**
 * A JSON Lines event log has a corrupt line that is not its torn last line: loading in strict mode (the default)
 * stops there rather than guess. The message names the file, the line number and what is wrong; fix or delete the
 * line, or load with {@link EventLogOptions#withLenient(boolean) lenient} options to skip such lines (they are then
 * listed in {@link EventLog#loadReport()}).
 */
public final class CorruptLogException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long lineNumber;
    private final String reason;

    CorruptLogException(String source, long lineNumber, String reason) {
        super("Corrupt event log '" + source + "' at line " + lineNumber + ": " + reason
                + ". Fix or delete that line, or load with EventLogOptions.defaults().withLenient(true) to skip"
                + " corrupt lines");
        this.source = source;
        this.lineNumber = lineNumber;
        this.reason = reason;
    }

    /** The file (or the name given to {@link EventLog#read}). */
    public String source() {
        return source;
    }

    /** The corrupt line, counted from 1, blank lines included. */
    public long lineNumber() {
        return lineNumber;
    }

    /** What is wrong with the line. */
    public String reason() {
        return reason;
    }
}
