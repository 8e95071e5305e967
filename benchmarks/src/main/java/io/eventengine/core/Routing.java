package io.eventengine.core;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route resolution with 10,000 exact hooks and 1,000 pattern hooks, for uniformly random exact topics. This class sits
 * in {@code io.eventengine.core} (in the benchmarks module) to reach the package-private {@link Routes} and {@link
 * RouteCache} the dispatcher uses; it never runs in a user's classpath.
 *
 * <ul>
 *   <li>{@code cacheHit}: {@link RouteCache#resolve} with every topic already cached (the dispatcher's steady state);
 *   <li>{@code cacheMiss}: {@link Routes#resolve}, a fresh resolution (exact lookup + scan of every pattern + the
 *       route array), what a never-seen topic or the first message after a registration change costs;
 *   <li>{@code hashMapGet}: baseline for a hit, one {@code HashMap.get} with the same keys;
 *   <li>{@code linearScan}: baseline for a miss, a naive loop of {@link Topic#matches} over the 1,000 patterns.
 * </ul>
 *
 * <p>Topics are {@code Venue<v>.Data.Sym<s>} (10 venues x 1,000 symbols). Patterns, round-robin by kind: {@code
 * Venue<v>.Data.{symbol}} (10 of them, one matches every topic), {@code Other<j>.{a}.{b}}, {@code
 * Venue<j%10>.(Data|Quote).Sym<j>}, {@code Venue<j%10>.Data./^Sym<j>$/}, {@code Audit<j>.**} and {@code **.Sym<j>}; a
 * route holds about 2.3 hooks on average (printed at setup).
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

    Routes routes;
    RouteCache cache;
    HashMap<Topic, EventHook[]> map;

    @Setup
    public void setUp() {
        EventHandler noop = msg -> {};
        topics = new Topic[VENUES * SYMBOLS];
        Map<Topic, EventHook> exact = new HashMap<>();
        for (int v = 0; v < VENUES; v++) {
            for (int s = 0; s < SYMBOLS; s++) {
                Topic t = Topic.of("Venue" + v + ".Data.Sym" + s);
                topics[v * SYMBOLS + s] = t;
                exact.put(t, hook(t, noop));
            }
        }
        patterns = new Topic[PATTERNS];
        LinkedHashMap<Topic, EventHook> byPattern = new LinkedHashMap<>();
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
            byPattern.put(p, hook(p, noop));
        }
        routes = new Routes(exact, byPattern);

        // RouteCache's default size (16,384) holds every topic: warm it up so every lookup hits.
        cache = new RouteCache(new EventEngineBuilder().routeCacheSize);
        map = new HashMap<>();
        long hooks = 0;
        for (Topic t : topics) {
            EventHook[] route = cache.resolve(routes, t);
            map.put(t, route);
            hooks += route.length;
        }
        if (cache.size() != topics.length || cache.misses() != topics.length) {
            throw new IllegalStateException("cache not warm: " + cache.size() + " entries");
        }
        System.out.printf(
                "%n[Routing] %d exact + %d pattern hooks, %.2f hooks per route%n",
                exact.size(), byPattern.size(), (double) hooks / topics.length);

        SplittableRandom random = new SplittableRandom(42);
        picks = new int[PICKS];
        for (int i = 0; i < PICKS; i++) {
            picks[i] = random.nextInt(topics.length);
        }
    }

    private static EventHook hook(Topic topic, EventHandler handler) {
        EventHook hook = new EventHook(topic);
        hook.add(handler);
        return hook;
    }

    private Topic next() {
        return topics[picks[cursor++ & (PICKS - 1)]];
    }

    @Benchmark
    public EventHook[] cacheHit() {
        return cache.resolve(routes, next());
    }

    @Benchmark
    public EventHook[] cacheMiss() {
        return routes.resolve(next());
    }

    @Benchmark
    public EventHook[] hashMapGet() {
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
