package io.eventengine.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.eventlog.Event;
import io.eventengine.eventlog.EventBus;
import io.eventengine.eventlog.EventLog;
import io.eventengine.eventlog.EventLogReader;
import io.eventengine.eventlog.LoadReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The engine-eventlog snippets of docs/eventlog.md, run and checked. */
@Timeout(60)
class EventLogSnippets {
    static final String CASCADE =
            """
            ===== EVENT CASCADE VIEWER =====

            ┌─── TICK 0 ───┐
            │
              ● enemy.defeated
                ID: 0-ECDC-1
                Data:
                  enemy: dragon
                ↓ Triggers events in tick 1 (1)
                │
                └─ treasure.drop
                │ ID: 0-EDDA-1
                │ Data:
                │   item: gold_coins
            └───────────────┘

            ┌─── TICK 1 ───┐
            │
              ↓ quest.complete (caused by: enemy.defeated @ tick 0)
                ID: 1-CFFA-1
                Data:
                  quest: dragon
            └───────────────┘
            """;

    @TempDir
    Path dir;

    @Test
    void busAndCascade() throws IOException {
        Path gameFile = dir.resolve("game.jsonl");
        // snippet: eventlog-java
        try (EventLog log = EventLog.open(gameFile)) {      // game.jsonl: loads what is there, then appends each event
            EventBus bus = new EventBus(log);
            bus.subscribe("enemy.defeated", e -> bus.publish("treasure.drop", Map.of("item", "gold_coins"), e));
            bus.subscribe("*.error", e -> System.err.println("error: " + e.get("message")));

            Event defeated = bus.publish("enemy.defeated", Map.of("enemy", "dragon"));   // logged, then dispatched
            log.advanceTick();
            bus.publish("quest.complete", Map.of("quest", "dragon"), defeated);          // caused by it, one tick later

            log.query().printEventCascade(System.out, true);
            int drops = log.fold(0, (n, e) -> e.type().equals("treasure.drop") ? n + 1 : n);
        }
        // end snippet
        try (EventLog reloaded = EventLog.load(gameFile)) { // every event was on file before add returned
            assertEquals(CASCADE, reloaded.query().formatEventCascade(true));
            assertEquals(1, (int) reloaded.fold(0, (n, e) -> e.type().equals("treasure.drop") ? n + 1 : n));
            assertEquals(3, reloaded.size());
            assertEquals("0-ECDC-1", reloaded.get("0-EDDA-1").parentId());
        }
    }

    @Test
    void readerLargerThanTheHeap() throws IOException {
        Path gameFile = dir.resolve("game.jsonl");
        try (EventLog log = EventLog.open(gameFile)) {
            for (long tick = 0; tick <= 250; tick++) {
                log.add("Game.Hit", Map.of("damage", 1));
                log.add("Game.Miss", Map.of());
                log.add("Game.Heal", Map.of("hp", 2));
                log.advanceTick();
            }
        }
        List<MessagePayload> seen = new CopyOnWriteArrayList<>();
        EventEngine engine = EventEngine.create();
        engine.register("Game.**", seen::add);
        engine.start();
        // snippet: eventlog-reader
        long replayed;
        LoadReport report;
        try (EventLogReader reader = EventLogReader.open(gameFile)    // or (path, options), of(in, name, options)
                .types("Game.Hit", "Game.Miss")                       // optional filters, set before reading
                .ticks(100, 200)) {                                   // or untilTick(t)
            replayed = reader.replayInto(engine);  // as log.replayInto; or reader.fold(init, step), for (Event e : reader), stream()
            report = reader.report();              // the torn tail and skipped lines, as loadReport()
        }
        // end snippet
        engine.close();
        assertEquals(202, replayed);
        assertEquals(202, seen.size());
        assertNull(report.tornLine());
    }
}
