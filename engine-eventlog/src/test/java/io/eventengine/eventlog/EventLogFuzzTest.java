package io.eventengine.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads fuzzed bytes as a JSON Lines event log. The loader's contract: a strict load either returns a log or throws
 * {@link CorruptLogException} naming a line that exists; a lenient load never throws; whatever loads has unique ids,
 * the highest tick as its current tick, and saves to text that loads back into the same events. Any other exception
 * or broken invariant is a finding.
 *
 * <p>{@code mvn test} runs it in regression mode on the seeds in {@code EventLogFuzzTestInputs/load} (the last byte
 * chooses strict or lenient); run with {@code JAZZER_FUZZ=1} to fuzz.
 */
class EventLogFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void load(FuzzedDataProvider data) throws IOException {
        boolean lenient = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        long lines = countLines(bytes);
        EventLog log;
        try {
            log = EventLog.read(
                    new ByteArrayInputStream(bytes),
                    "fuzz",
                    EventLogOptions.defaults().withLenient(lenient));
        } catch (CorruptLogException e) {
            assertFalse(lenient, "a lenient load threw " + e);
            assertTrue(e.lineNumber() >= 1 && e.lineNumber() <= lines, e::getMessage);
            assertTrue(e.getMessage().contains("at line " + e.lineNumber()), e::getMessage);
            assertEquals("fuzz", e.source());
            return;
        }
        List<Event> events = log.events();
        LoadReport report = log.loadReport();
        assertEquals(events.size(), report.eventsLoaded());
        if (!lenient) {
            assertTrue(report.skippedLines().isEmpty());
        }
        for (LoadReport.Problem p : report.skippedLines()) {
            assertTrue(p.lineNumber() >= 1 && p.lineNumber() <= lines, p::toString);
        }
        if (report.tornLine() != null) {
            assertEquals(lines, report.tornLine().lineNumber());
        }
        Set<String> ids = new HashSet<>();
        long maxTick = 0;
        for (Event e : events) {
            assertTrue(ids.add(e.id()), () -> "duplicate id " + e.id());
            assertNotNull(log.get(e.id()));
            maxTick = Math.max(maxTick, e.tick());
        }
        assertEquals(maxTick, log.currentTick());

        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        log.writeTo(saved);
        EventLog reloaded =
                EventLog.read(new ByteArrayInputStream(saved.toByteArray()), "saved", EventLogOptions.defaults());
        assertEquals(events, reloaded.events());
        assertTrue(reloaded.loadReport().isClean());

        // the printers and queries handle whatever loaded
        EventQuery query = log.query();
        query.formatEventCascade(true);
        assertEquals(
                events.size(),
                query.countEventsByType().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum());
        for (Event root : query.rootEvents()) {
            query.formatSingleCascade(root, true);
            query.cascadeEvents(root);
        }
        Event added = log.add("fuzz.added", java.util.Map.of());
        assertTrue(ids.add(added.id()), () -> "a new event repeated id " + added.id());
    }

    private static long countLines(byte[] bytes) {
        long lines = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                lines++;
            }
        }
        return bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? lines + 1 : lines;
    }
}
