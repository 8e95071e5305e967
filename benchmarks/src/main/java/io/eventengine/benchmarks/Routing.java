package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventHandler;
import io.eventengine.core.EventHook;
import io.eventengine.core.Topic;
import java.util.HashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route resolution with 10,000 exact hooks and 1,000 pattern hooks, for uniformly random exact topics, through the
 * public API only (a benchmark may not put classes into the engine's packages).
 *
 * <ul>
 *   <li>{@code cacheMiss}: {@link EventEngine#hooksFor}, a fresh resolution (exact lookup + scan of every pattern + the
 *       route), what a never-seen topic or the first message after a registration change costs the dispatcher;
 *   <li>{@code hashMapGet}: baseline, one {@code HashMap.get} with the same keys (what a cached route costs at best);
 *   <li>{@code linearScan}: baseline for a miss, a naive loop of {@link Topic#matches} over the 1,000 patterns.
 * </ul>
 *
 * <p>The dispatcher's cached lookup ({@code cacheHit} before issue 13) is package-private and is measured end to end by
 * the dispatch benchmarks instead. Topics are {@code Venue<v>.Data.Sym<s>} (10 venues x 1,000 symbols). Patterns,
 * round-robin by kind: {@code Venue<v>.Data.{symbol}} (10 of them, one matches every topic), {@code Other<j>.{a}.{b}},
 * {@code Venue<j%10>.(Data|Quote).Sym<j>}, {@code Venue<j%10>.Data./^Sym<j>$/}, {@code Audit<j>.**} and {@code
 * **.Sym<j>}; a route holds about 2.3 hooks on average (printed at setup).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class Routing {
    static final int VENUES = 10;
    static final int SYMBOLS = 1_000;
    static final int PATTERNS = 1_000;
    static final int PICKS = 1 << 16;

    Topic[] topics;
    Topic[] patterns;
    int[] picks;
    int cursor;

    EventEngine engine;
    HashMap<Topic, List<EventHook>> map;

    @Setup
    public void setUp() {
        EventHandler noop = msg -> {};
        engine = EventEngine.builder().name("routing").build();
        topics = new Topic[VENUES * SYMBOLS];
        for (int v = 0; v < VENUES; v++) {
            for (int s = 0; s < SYMBOLS; s++) {
                Topic t = Topic.of("Venue" + v + ".Data.Sym" + s);
                topics[v * SYMBOLS + s] = t;
                engine.register(t, noop);
            }
        }
        patterns = new Topic[PATTERNS];
        for (int j = 0; j < PATTERNS; j++) {
            String literal = switch (j % 5) {
                case 0 -> j < 5 * VENUES ? "Venue" + (j / 5) + ".Data.{symbol}" : "Other" + j + ".{a}.{b}";
                case 1 -> "Venue" + (j % VENUES) + ".(Data|Quote).Sym" + j;
                case 2 -> "Venue" + (j % VENUES) + ".Data./^Sym" + j + "$/";
                case 3 -> j % 10 == 3 ? "Audit" + j + ".**" : "**.Sym" + j;
                default -> "**.Sym" + j;
            };
            Topic p = Topic.of(literal);
            patterns[j] = p;
            engine.register(p, noop);
        }
        map = new HashMap<>();
        long hooks = 0;
        for (Topic t : topics) {
            List<EventHook> route = engine.hooksFor(t);
            map.put(t, route);
            hooks += route.size();
        }
        System.out.printf(
                "%n[Routing] %d hooks, %.2f hooks per route%n", engine.size(), (double) hooks / topics.length);

        SplittableRandom random = new SplittableRandom(42);
        picks = new int[PICKS];
        for (int i = 0; i < PICKS; i++) {
            picks[i] = random.nextInt(topics.length);
        }
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }

    private Topic next() {
        return topics[picks[cursor++ & (PICKS - 1)]];
    }

    @Benchmark
    public List<EventHook> cacheMiss() {
        return engine.hooksFor(next());
    }

    @Benchmark
    public List<EventHook> hashMapGet() {
        return map.get(next());
    }

    @Benchmark
    public int linearScan() {
        Topic topic = next();
        int matched = 0;
        for (Topic pattern : patterns) {
            if (pattern.matches(topic)) {
                matched++;
            }
        }
        return matched;
    }
}
