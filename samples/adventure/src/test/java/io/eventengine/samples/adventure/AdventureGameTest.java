package io.eventengine.samples.adventure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.eventlog.Event;
import io.eventengine.eventlog.EventLog;
import io.eventengine.samples.adventure.AdventureGame.GameState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdventureGameTest {
    @Test
    void savedLogReloadsAndReplaysToTheSameState(@TempDir Path dir) throws Exception {
        EventLog played = new EventLog(AdventureGame.reproducible());
        AdventureGame.play(played);
        Path file = dir.resolve("adventure.jsonl");
        played.save(file);

        EventLog loaded = EventLog.load(file, AdventureGame.reproducible());
        assertEquals(played.events(), loaded.events());
        assertEquals(3, loaded.currentTick());

        GameState end = AdventureGame.derive(loaded);
        assertEquals(new GameState("cave", 100, 50, 120, 2, List.of("torch"), List.of("goblin", "dragon")), end);
        assertEquals(end, AdventureGame.derive(played));
        // State as of an earlier tick: after the goblin, before the cave.
        assertEquals(
                new GameState("forest", 95, 25, 40, 1, List.of(), List.of("goblin")), AdventureGame.derive(loaded, 1));
    }

    @Test
    void consequencesAreLinkedToTheirCauses() {
        EventLog log = new EventLog(AdventureGame.reproducible());
        AdventureGame.play(log);

        Event dragon = log.query().eventsByType("enemy.encounter").get(1);
        List<String> cascade =
                log.query().cascadeEvents(dragon).stream().map(Event::type).toList();
        assertTrue(
                cascade.containsAll(List.of(
                        "combat.attack",
                        "enemy.defeated",
                        "treasure.drop",
                        "item.pickup",
                        "player.levelup",
                        "player.healed")),
                cascade.toString());
        Event levelUp = log.query().eventsByType("player.levelup").get(0);
        assertEquals("enemy.defeated", log.get(levelUp.parentId()).type());
        assertTrue(log.query().formatEventCascade(false).contains("player.levelup"));
    }
}
