package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventHook;
import io.eventengine.core.Topic;
import io.eventengine.core.internal.RouteCache;
import io.eventengine.core.internal.RouteSource;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
 * A cached route against the best a cache can do, for the 10,000 topics of {@link RoutingWorkload} with 1,000 pattern
 * hooks, every route cached:
 *
 * <ul>
 *   <li>{@code cachedResolve}: the dispatcher's {@link RouteCache#resolve} (the class the dispatcher owns; the
 *       benchmarks run on the class path, where the engine's internal package is readable), over the engine's routes,
 *       behind a volatile version read as the engine's registry has;
 *   <li>{@code hashMapGet}: one {@code HashMap.get} of the same routes with the same keys.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class RoutingCached {
    RoutingWorkload workload;
    EventEngine engine;
    RouteCache<EventHook[]> cache;
    HashMap<Topic, EventHook[]> map;

    /** The engine's routes, as a source that never changes (its version is still a volatile read). */
    static final class EngineRoutes implements RouteSource<EventHook[]> {
        private final EventEngine engine;
        private volatile long version;

        EngineRoutes(EventEngine engine) {
            this.engine = engine;
        }

        @Override
        public long version() {
            return version;
        }

        @Override
        public EventHook[] resolve(Topic topic) {
            return engine.hooksFor(topic).toArray(new EventHook[0]);
        }

        @Override
        public @Nullable Topic changed(long version) {
            return null;
        }
    }

    @Setup
    public void setUp() {
        workload = new RoutingWorkload(1_000);
        engine = EventEngine.builder().name("routing-cached").build();
        workload.registerAll(engine, msg -> {});
        cache = new RouteCache<>(new EngineRoutes(engine), 16_384);
        map = new HashMap<>();
        for (Topic t : workload.topics) {
            map.put(t, cache.resolve(t));
        }
    }

    @TearDown
    public void tearDown() {
        if (cache.misses() != workload.topics.length) {
            throw new IllegalStateException("a measured lookup missed the cache: " + cache.misses() + " misses");
        }
        engine.close();
    }

    @Benchmark
    public EventHook[] cachedResolve() {
        return cache.resolve(workload.next());
    }

    @Benchmark
    public EventHook[] hashMapGet() {
        return map.get(workload.next());
    }
}
