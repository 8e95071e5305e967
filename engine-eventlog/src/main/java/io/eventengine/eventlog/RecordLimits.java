package io.eventengine.eventlog;

import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * How large one JSON Lines record may be: the one set of limits that both writing ({@link EventLog#add}) and reading
 * ({@link EventLog#load}, {@link EventLog#open}, {@link EventLogReader}) apply, so every record a log acknowledged loads
 * back. Set them with {@link EventLogOptions#withLimits(RecordLimits)}; read a file with limits at least as large as the
 * ones it was written with.
 *
 * <p>{@code add} checks an event against them before anything is written or the event is acknowledged, and refuses one
 * over a limit with an {@link IllegalArgumentException} naming the limit, the size found and what to do; the log is
 * unchanged and stays usable. Reading reports a line over a limit as a corrupt line (or a torn last line) whose reason
 * names the limit.
 *
 * @param maxLineBytes the longest record line in bytes, without its line feed (what {@code add} writes is ASCII, so
 *     bytes and characters agree; non-ASCII text is written as {@code \\uXXXX}, six bytes per character). Reading
 *     never buffers more than this per line, which is what keeps {@link EventLogReader}'s memory bounded
 * @param maxStringLength the longest string, in UTF-16 characters as {@link String#length()} counts them: data values,
 *     data keys, the event type and the ids
 * @param maxNestingDepth how deep maps and lists may nest in an event's data: the data map is level 1, a map or list in
 *     it level 2, and so on
 * @param maxNumberLength the most digits an integer in the data may have ({@code BigInteger} values; every {@code int},
 *     {@code long} and {@code double} is shorter than the smallest allowed value)
 */
public record RecordLimits(int maxLineBytes, int maxStringLength, int maxNestingDepth, int maxNumberLength) {
    /** The default longest line: 32 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 32 * 1024 * 1024;

    /** The default longest string: 20,000,000 characters, Jackson's own default (so other Jackson readers agree). */
    public static final int DEFAULT_MAX_STRING_LENGTH = 20_000_000;

    /** The default deepest data nesting: 500 levels. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 500;

    /** The default most digits of an integer: 1,000, Jackson's own default. */
    public static final int DEFAULT_MAX_NUMBER_LENGTH = 1000;

    /** The deepest nesting that may be configured: the codec recurses once per level. */
    public static final int NESTING_DEPTH_CAP = 1000;

    /** The fewest digits that may be configured: room for any {@code long} and any {@code double} as written. */
    static final int MIN_NUMBER_LENGTH = 32;

    /** The shortest line that may be configured: room for a record with empty data and short strings. */
    static final int MIN_LINE_BYTES = 256;

    private static final RecordLimits DEFAULTS = new RecordLimits(
            DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_STRING_LENGTH, DEFAULT_MAX_NESTING_DEPTH, DEFAULT_MAX_NUMBER_LENGTH);

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException when a limit is out of its range (the message names it and the range)
     */
    public RecordLimits {
        check("maxLineBytes", maxLineBytes, MIN_LINE_BYTES, Integer.MAX_VALUE - 16);
        check("maxStringLength", maxStringLength, 1, Integer.MAX_VALUE - 16);
        check("maxNestingDepth", maxNestingDepth, 1, NESTING_DEPTH_CAP);
        check("maxNumberLength", maxNumberLength, MIN_NUMBER_LENGTH, Integer.MAX_VALUE - 16);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "RecordLimits." + name + " is " + value + "; it must be from " + min + " to " + max);
        }
    }

    /** Lines of 32 MiB, strings of 20,000,000 characters, 500 levels of nesting, integers of 1,000 digits. */
    public static RecordLimits defaults() {
        return DEFAULTS;
    }

    /** These limits with another longest line, in bytes. */
    public RecordLimits withMaxLineBytes(int maxLineBytes) {
        return new RecordLimits(maxLineBytes, maxStringLength, maxNestingDepth, maxNumberLength);
    }

    /** These limits with another longest string, in characters. */
    public RecordLimits withMaxStringLength(int maxStringLength) {
        return new RecordLimits(maxLineBytes, maxStringLength, maxNestingDepth, maxNumberLength);
    }

    /** These limits with another deepest data nesting (at most {@link #NESTING_DEPTH_CAP}). */
    public RecordLimits withMaxNestingDepth(int maxNestingDepth) {
        return new RecordLimits(maxLineBytes, maxStringLength, maxNestingDepth, maxNumberLength);
    }

    /** These limits with another most digits of an integer. */
    public RecordLimits withMaxNumberLength(int maxNumberLength) {
        return new RecordLimits(maxLineBytes, maxStringLength, maxNestingDepth, maxNumberLength);
    }

    /**
     * Jackson's read constraints for one record line: the same numbers, with the record object itself as one more
     * level of nesting, and names (data keys) held to the string limit.
     */
    StreamReadConstraints streamReadConstraints() {
        return StreamReadConstraints.builder()
                .maxDocumentLength(maxLineBytes)
                .maxStringLength(maxStringLength)
                .maxNameLength(maxStringLength)
                .maxNestingDepth(maxNestingDepth + 1)
                .maxNumberLength(maxNumberLength)
                .build();
    }

    /** The message of a refused {@code add}: the limit, the size found, and what to do. */
    String refusal(String what, String limit, long found, long max, String unit) {
        return what + " " + found + " " + unit + ", over RecordLimits." + limit + " (" + max + " " + unit
                + "), so the event was not added: a reader with these limits could not load it. Make the event"
                + " smaller, or raise the limit with EventLogOptions.withLimits(RecordLimits.defaults().with"
                + Character.toUpperCase(limit.charAt(0)) + limit.substring(1) + "(...)) for every writer and"
                + " reader of this log";
    }
}
