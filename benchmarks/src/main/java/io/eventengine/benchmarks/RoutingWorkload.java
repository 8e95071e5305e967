package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventHandler;
import io.eventengine.core.Topic;
import java.util.SplittableRandom;

/**
 * The topics and patterns of the routing benchmarks: exact topics {@code Venue<v>.Data.Sym<s>} (10 venues x 1,000
 * symbols), each with a hook, and pattern hooks round-robin by kind: {@code Venue<v>.Data.{symbol}} (10 of them, one
 * matches every topic), {@code Other<j>.{a}.{b}}, {@code Venue<j%10>.(Data|Quote).Sym<j>}, {@code
 * Venue<j%10>.Data./^Sym<j>$/}, {@code Audit<j>.**} and {@code **.Sym<j>}. Past 1,000 patterns the extra ones match
 * no flowing topic (their symbols do not exist), as most subscriptions of a large system match a given message: a
 * route stays about 2.3 hooks whatever the count.
 */
final class RoutingWorkload {
    static final int VENUES = 10;
    static final int SYMBOLS = 1_000;
    static final int PICKS = 1 << 16;

    final Topic[] topics = new Topic[VENUES * SYMBOLS];
    final Topic[] patterns;
    /** Random indexes into {@link #topics}, the same sequence in every run. */
    final int[] picks = new int[PICKS];

    private int cursor;

    RoutingWorkload(int patternCount) {
        for (int v = 0; v < VENUES; v++) {
            for (int s = 0; s < SYMBOLS; s++) {
                topics[v * SYMBOLS + s] = Topic.of("Venue" + v + ".Data.Sym" + s);
            }
        }
        patterns = new Topic[patternCount];
        for (int j = 0; j < patternCount; j++) {
            patterns[j] = Topic.of(pattern(j));
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < PICKS; i++) {
            picks[i] = random.nextInt(topics.length);
        }
    }

    private static String pattern(int j) {
        return switch (j % 5) {
            case 0 -> j < 5 * VENUES ? "Venue" + (j / 5) + ".Data.{symbol}" : "Other" + j + ".{a}.{b}";
            case 1 -> "Venue" + (j % VENUES) + ".(Data|Quote).Sym" + j;
            case 2 -> "Venue" + (j % VENUES) + ".Data./^Sym" + j + "$/";
            case 3 -> j % 10 == 3 ? "Audit" + j + ".**" : "**.Sym" + j;
            default -> "**.Sym" + j;
        };
    }

    /** Registers {@code handler} on every topic and every pattern of the workload. */
    void registerAll(EventEngine engine, EventHandler handler) {
        for (Topic t : topics) {
            engine.register(t, handler);
        }
        for (Topic p : patterns) {
            engine.register(p, handler);
        }
    }

    /** A started engine with {@code onExact} on every workload topic and a no-op on every workload pattern. */
    EventEngine startedEngine(String name, EventHandler onExact) {
        EventEngine started = EventEngine.builder().name(name).build();
        EventHandler noop = msg -> {};
        for (Topic t : topics) {
            started.register(t, onExact);
        }
        for (Topic p : patterns) {
            started.register(p, noop);
        }
        started.start();
        return started;
    }

    /** Publishes one message on every topic, in order; returns how many. */
    int publishAll(EventEngine engine) {
        Topic[] all = topics;
        for (int i = 0; i < all.length; i++) {
            engine.publish(all[i], i);
        }
        return all.length;
    }

    /** The next topic of the random sequence. */
    Topic next() {
        return topics[picks[cursor++ & (PICKS - 1)]];
    }

    /** The average number of hooks per route, for the setup's printout. */
    double hooksPerRoute(EventEngine engine) {
        long hooks = 0;
        for (Topic t : topics) {
            hooks += engine.hooksFor(t).size();
        }
        return (double) hooks / topics.length;
    }
}
