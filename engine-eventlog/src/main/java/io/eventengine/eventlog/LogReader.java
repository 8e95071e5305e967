package io.eventengine.eventlog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

    static Result read(InputStream in, String source, boolean lenient) throws IOException {
        List<Line> lines = new ArrayList<>();
        List<LoadReport.Problem> skipped = new ArrayList<>();
        Map<String, Long> idLines = new HashMap<>();
        LoadReport.Problem torn = null;
        boolean tailNeedsNewline = false;

        byte[] buffer = new byte[64 * 1024];
        byte[] line = new byte[256];
        int lineLength = 0;
        long lineNumber = 0;
        long offset = 0; // bytes consumed
        long completeBytes = 0;
        int read;
        while ((read = in.read(buffer)) >= 0) {
            int start = 0;
            for (int i = 0; i < read; i++) {
                if (buffer[i] == '\n') {
                    int chunk = i - start;
                    if (lineLength + chunk > line.length) {
                        line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + chunk));
                    }
                    System.arraycopy(buffer, start, line, lineLength, chunk);
                    lineLength += chunk;
                    lineNumber++;
                    offset += chunk + 1L;
                    completeBytes = offset;
                    Line parsed = readLine(line, lineLength, lineNumber, source, lenient, skipped, idLines);
                    if (parsed != null) {
                        lines.add(parsed);
                    }
                    lineLength = 0;
                    start = i + 1;
                }
            }
            int rest = read - start;
            if (lineLength + rest > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + rest));
            }
            System.arraycopy(buffer, start, line, lineLength, rest);
            lineLength += rest;
            offset += rest;
        }
        if (lineLength > 0) { // the last line has no line feed
            lineNumber++;
            String text = decodeOrNull(line, lineLength, lineNumber);
            if (text != null && text.isBlank()) {
                // trailing spaces: nothing lost
            } else {
                String reason = text == null ? "not UTF-8 text" : null;
                Line parsed = null;
                if (reason == null) {
                    try {
                        parsed = new Line(lineNumber, EventCodec.parse(text));
                        reason = duplicate(parsed, idLines);
                    } catch (EventCodec.BadRecordException e) {
                        reason = e.getMessage();
                    }
                }
                if (reason == null) {
                    lines.add(parsed);
                    tailNeedsNewline = true;
                } else {
                    torn = new LoadReport.Problem(
                            lineNumber, "torn last line (no line feed; " + reason + ")", excerpt(line, lineLength));
                }
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
        return new Result(events, report, ids, maxTick, completeBytes, offset, tailNeedsNewline);
    }

    private static @Nullable Line readLine(
            byte[] bytes,
            int length,
            long number,
            String source,
            boolean lenient,
            List<LoadReport.Problem> skipped,
            Map<String, Long> idLines)
            throws CorruptLogException {
        String text = decodeOrNull(bytes, length, number);
        String reason;
        if (text == null) {
            reason = "not UTF-8 text";
        } else if (text.isBlank()) {
            return null; // Eventure skips blank lines
        } else {
            try {
                Line line = new Line(number, EventCodec.parse(text));
                reason = duplicate(line, idLines);
                if (reason == null) {
                    return line;
                }
            } catch (EventCodec.BadRecordException e) {
                reason = e.getMessage();
            }
        }
        if (!lenient) {
            throw new CorruptLogException(source, number, reason);
        }
        skipped.add(new LoadReport.Problem(number, reason, excerpt(bytes, length)));
        return null;
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

    private static String excerpt(byte[] bytes, int length) {
        String text = new String(bytes, 0, Math.min(length, EXCERPT * 4), StandardCharsets.UTF_8);
        return text.length() > EXCERPT ? text.substring(0, EXCERPT) + "..." : text;
    }
}
