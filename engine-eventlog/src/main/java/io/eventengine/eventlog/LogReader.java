package io.eventengine.eventlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads JSON Lines records, one per line, as Eventure's {@code load_from_file} does (blank lines skipped), and
 * tells a torn last line (no line feed, not a valid record: a crash mid-append) from a corrupt line elsewhere.
 */
final class LogReader {
    private static final int EXCERPT = 200;

    private LogReader() {}

    /** A line that read as a record. */
    record Line(long number, EventCodec.Fields fields) {}

    /**
     * What was read.
     *
     * @param completeBytes bytes up to and including the last line feed
     * @param tailNeedsNewline the bytes after the last line feed are a valid record (a file without a final newline)
     */
    record Result(
            List<Event> events,
            LoadReport report,
            EventIds ids,
            long maxTick,
            long completeBytes,
            long totalBytes,
            boolean tailNeedsNewline) {
        Result withReport(LoadReport newReport) {
            return new Result(events, newReport, ids, maxTick, completeBytes, totalBytes, tailNeedsNewline);
        }
    }

    static Result read(InputStream in, String source, boolean lenient, RecordLimits limits) throws IOException {
        List<Line> lines = new ArrayList<>();
        List<LoadReport.Problem> skipped = new ArrayList<>();
        Map<String, Long> idLines = new HashMap<>();
        LoadReport.Problem torn = null;
        boolean tailNeedsNewline = false;

        ObjectMapper mapper = EventCodec.mapperFor(limits);
        LineScanner scanner = new LineScanner(in, limits.maxLineBytes());
        while (scanner.next()) {
            Parsed parsed = parse(scanner, mapper, limits);
            if (parsed == null) {
                continue; // blank: Eventure skips blank lines
            }
            String reason = parsed.reason();
            Line line = null;
            if (reason == null) {
                line = new Line(scanner.number(), parsed.fields());
                reason = duplicate(line, idLines);
            }
            if (!scanner.terminated()) { // the last line has no line feed
                if (reason == null) {
                    lines.add(line);
                    tailNeedsNewline = true;
                } else {
                    torn = new LoadReport.Problem(
                            scanner.number(), "torn last line (no line feed; " + reason + ")", excerpt(scanner));
                }
            } else if (reason == null) {
                lines.add(line);
            } else if (!lenient) {
                throw new CorruptLogException(source, scanner.number(), reason);
            } else {
                skipped.add(new LoadReport.Problem(scanner.number(), reason, excerpt(scanner)));
            }
        }

        EventIds ids = new EventIds();
        for (String id : idLines.keySet()) {
            ids.observe(id);
        }
        List<Event> events = new ArrayList<>(lines.size());
        long maxTick = 0;
        for (Line l : lines) {
            EventCodec.Fields f = l.fields();
            String id = f.id();
            if (id == null) { // Eventure's from_json makes a fresh id for a record without one
                id = ids.next(f.tick(), f.type(), idLines::containsKey);
                ids.commit(id);
                idLines.put(id, l.number());
            }
            events.add(new Event(id, f.tick(), f.timestamp(), f.type(), f.data(), f.parentId()));
            maxTick = Math.max(maxTick, f.tick());
        }
        LoadReport report = new LoadReport(source, events.size(), skipped, torn);
        return new Result(
                events, report, ids, maxTick, scanner.completeBytes(), scanner.totalBytes(), tailNeedsNewline);
    }

    /**
     * One line as a record: its fields, or the reason it is not one.
     *
     * @param fields null when {@code reason} is set
     * @param reason what is wrong, or null
     */
    record Parsed(
            EventCodec.@Nullable Fields fields, @Nullable String reason) {}

    /**
     * Reads the scanner's current line: null for a blank line, else its fields or what is wrong with it (not UTF-8,
     * longer than the limits allow, not a valid record). Duplicate ids are the caller's concern.
     */
    static @Nullable Parsed parse(LineScanner scanner, ObjectMapper mapper, RecordLimits limits) {
        if (scanner.overlong()) {
            return new Parsed(
                    null,
                    "the line has " + scanner.length() + " bytes, over RecordLimits.maxLineBytes ("
                            + limits.maxLineBytes() + " bytes); read it with the limits it was written with,"
                            + " EventLogOptions.withLimits(RecordLimits.defaults().withMaxLineBytes(...))");
        }
        String text = decodeOrNull(scanner.bytes(), scanner.kept(), scanner.number());
        if (text == null) {
            return new Parsed(null, "not UTF-8 text");
        }
        if (text.isBlank()) {
            return null;
        }
        try {
            return new Parsed(EventCodec.parse(text, mapper), null);
        } catch (EventCodec.BadRecordException e) {
            return new Parsed(null, e.getMessage());
        }
    }

    /** Registers the line's id; the reason when another line has it already. */
    private static @Nullable String duplicate(Line line, Map<String, Long> idLines) {
        String id = line.fields().id();
        if (id == null) {
            return null;
        }
        Long first = idLines.putIfAbsent(id, line.number());
        return first == null ? null : "event_id '" + id + "' is already used by line " + first;
    }

    /** The line as text without a trailing carriage return (and a byte-order mark on line 1); null when not UTF-8. */
    private static @Nullable String decodeOrNull(byte[] bytes, int length, long number) {
        int from = 0;
        if (number == 1
                && length >= 3
                && (bytes[0] & 0xff) == 0xef
                && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf) {
            from = 3;
        }
        int to = length;
        if (to > from && bytes[to - 1] == '\r') {
            to--;
        }
        boolean ascii = true;
        for (int i = from; i < to && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) { // what add() writes: no decoder needed
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, from, to - from));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String excerpt(LineScanner scanner) {
        return excerpt(scanner.bytes(), scanner.kept());
    }

    private static String excerpt(byte[] bytes, int length) {
        String text = new String(bytes, 0, Math.min(length, EXCERPT * 4), StandardCharsets.UTF_8);
        return text.length() > EXCERPT ? text.substring(0, EXCERPT) + "..." : text;
    }
}
