package io.eventengine.samples.adventure;

import io.eventengine.eventlog.Event;
import io.eventengine.eventlog.EventBus;
import io.eventengine.eventlog.EventLog;
import io.eventengine.eventlog.EventLogOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event-sourced adventure game after Eventure's example: the player's commands are published on an {@link EventBus}
 * whose subscribers react with more events (an enemy defeated drops treasure, treasure is picked up, experience levels
 * the player up), each linked to its cause. Everything lands in an {@link EventLog}, which is saved as JSON Lines,
 * loaded back, and folded into the game state, as of the end or as of any tick. The cascade of causes and effects is
 * printed in Eventure's format.
 *
 * <p>Run: {@code samples/run.sh adventure [file.jsonl]} (default {@code samples/adventure/target/adventure.jsonl}).
 */
public final class AdventureGame {
    /** Experience points per level. */
    static final int XP_PER_LEVEL = 100;

    private AdventureGame() {}

    /** What the log says about the player, derived by {@link #derive(EventLog, long)}. */
    public record GameState(
            String room, int health, int gold, int xp, int level, List<String> inventory, List<String> defeated) {
        static GameState initial() {
            return new GameState("nowhere", 100, 0, 0, 1, List.of(), List.of());
        }

        GameState apply(Event e) {
            return switch (e.type()) {
                case "player.move" -> with((String) e.get("to"), health, gold, xp, level, inventory, defeated);
                case "player.damaged" -> with(room, health - num(e, "amount"), gold, xp, level, inventory, defeated);
                case "player.healed" ->
                    with(room, Math.min(100, health + num(e, "amount")), gold, xp, level, inventory, defeated);
                case "enemy.defeated" ->
                    with(room, health, gold, xp + num(e, "xp"), level, inventory, plus(defeated, (String)
                            e.get("enemy")));
                case "item.pickup" ->
                    "gold_coins".equals(e.get("item"))
                            ? with(room, health, gold + num(e, "amount"), xp, level, inventory, defeated)
                            : with(room, health, gold, xp, level, plus(inventory, (String) e.get("item")), defeated);
                case "player.levelup" -> with(room, health, gold, xp, num(e, "level"), inventory, defeated);
                default -> this;
            };
        }

        private GameState with(
                String room, int health, int gold, int xp, int level, List<String> inventory, List<String> defeated) {
            return new GameState(room, health, gold, xp, level, inventory, defeated);
        }

        private static int num(Event e, String key) {
            return ((Number) e.get(key)).intValue();
        }

        private static List<String> plus(List<String> list, String item) {
            List<String> copy = new ArrayList<>(list);
            copy.add(item);
            return List.copyOf(copy);
        }
    }

    /**
     * Plays the scripted adventure into {@code log}: one tick per player command, with the game's rules as bus
     * subscribers that publish the consequences (linked to their causes, in the same tick).
     */
    public static void play(EventLog log) {
        EventBus bus = new EventBus(log);
        int[] xp = {0};
        int[] level = {1};
        // Rules: each is a subscriber that turns one event into its consequences.
        bus.subscribe("enemy.encounter", e -> {
            Event attack = bus.publish("combat.attack", data("target", e.get("enemy"), "damage", 30), e);
            bus.publish("player.damaged", data("amount", ((Number) e.get("strength")).intValue() / 2), e);
            bus.publish("enemy.defeated", data("enemy", e.get("enemy"), "xp", e.get("xp")), attack);
        });
        bus.subscribe("enemy.defeated", e -> {
            bus.publish("treasure.drop", data("item", "gold_coins", "amount", 25), e);
            xp[0] += ((Number) e.get("xp")).intValue();
            if (xp[0] >= level[0] * XP_PER_LEVEL) {
                level[0]++;
                bus.publish("player.levelup", data("level", level[0]), e);
            }
        });
        bus.subscribe("treasure.*", e -> bus.publish("item.pickup", e.data(), e)); // prefix: treasure.drop, ...
        bus.subscribe("player.levelup", e -> bus.publish("player.healed", data("amount", 100), e));
        bus.subscribe("*.error", e -> System.err.println("error: " + e.get("message"))); // suffix pattern

        // The player's commands, one tick each.
        bus.publish("player.move", data("from", "nowhere", "to", "forest"));
        log.advanceTick();
        bus.publish("enemy.encounter", data("enemy", "goblin", "strength", 10, "xp", 40));
        log.advanceTick();
        bus.publish("player.move", data("from", "forest", "to", "cave"));
        bus.publish("item.pickup", data("item", "torch"));
        log.advanceTick();
        bus.publish("enemy.encounter", data("enemy", "dragon", "strength", 60, "xp", 80));
    }

    /** Event data in the order given (so the saved file and the printout read in that order). */
    static Map<String, Object> data(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The game state after every event up to and including {@code untilTick}, by folding the log. */
    public static GameState derive(EventLog log, long untilTick) {
        return log.fold(untilTick, GameState.initial(), GameState::apply);
    }

    /** The game state after every event in the log. */
    public static GameState derive(EventLog log) {
        return log.fold(GameState.initial(), GameState::apply);
    }

    /** A clock stamping every event with the same instant, so runs (and their files) are reproducible. */
    static EventLogOptions reproducible() {
        return EventLogOptions.defaults().withClock(Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC));
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "samples/adventure/target/adventure.jsonl");
        Files.createDirectories(file.toAbsolutePath().getParent());

        EventLog played = new EventLog(reproducible());
        play(played);
        played.save(file);
        System.out.printf(
                "Played %d events over %d ticks, saved to %s%n", played.size(), played.currentTick() + 1, file);

        EventLog loaded = EventLog.load(file, reproducible());
        System.out.printf(
                "Reloaded %d events; same log: %s%n%n",
                loaded.size(), loaded.events().equals(played.events()));

        for (long tick = 0; tick <= loaded.currentTick(); tick++) {
            System.out.printf("state after tick %d: %s%n", tick, derive(loaded, tick));
        }
        Map<String, Integer> counts = new LinkedHashMap<>(loaded.query().countEventsByType());
        System.out.printf("%nevents by type: %s%n%n", counts);
        loaded.query().printEventCascade(System.out, true);
    }
}
