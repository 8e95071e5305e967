package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventHook;
import io.eventengine.core.Topic;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cold route resolution as the number of pattern hooks grows, for uniformly random exact topics, with 10,000 exact
 * hooks besides (see {@link RoutingWorkload}).
 *
 * <ul>
 *   <li>{@code coldResolve}: {@link EventEngine#hooksFor}, a fresh resolution (exact lookup, the pattern index, the
 *       route, and the list the public method wraps it in), what a never-seen topic or the first message after a
 *       registration that affects its route costs the dispatcher;
 *   <li>{@code linearScan}: the baseline the index replaces, a loop of {@link Topic#matches} over every pattern.
 * </ul>
 *
 * The cached path is {@link RoutingCached}; routing under subscription churn is {@link RoutingChurn}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class Routing {
    @Param({"100", "1000", "10000", "100000"})
    public int patterns;

    RoutingWorkload workload;
    EventEngine engine;

    @Setup
    public void setUp() {
        workload = new RoutingWorkload(patterns);
        engine = EventEngine.builder().name("routing").build();
        workload.registerAll(engine, msg -> {});
        System.out.printf(
                "%n[Routing] %d hooks, %.2f hooks per route%n", engine.size(), workload.hooksPerRoute(engine));
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public List<EventHook> coldResolve() {
        return engine.hooksFor(workload.next());
    }

    @Benchmark
    public int linearScan() {
        Topic topic = workload.next();
        int matched = 0;
        for (Topic pattern : workload.patterns) {
            if (pattern.matches(topic)) {
                matched++;
            }
        }
        return matched;
    }
}
