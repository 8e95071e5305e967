package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
import io.eventengine.core.Topic;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Allocation per message of put + dispatch, for {@code -prof gc}: read {@code gc.alloc.rate.norm} (bytes per op; an op
 * is one message put and handled, the JVM's every thread counted, so the dispatcher's allocations are in). The
 * design's budget is "no more than the payload itself"; the Disruptor, which reuses its ring slots, is the zero line.
 *
 * <p>Arguments are built once: what is measured is what the engine allocates, not the caller's {@code List.of}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PutDispatchAllocation {
    public static final int BATCH = 256;

    static final List<Object> ARGS = List.of(Contender.EVENT);
    static final Map<String, Object> KWARGS = Map.of("price", Contender.EVENT);

    @State(Scope.Benchmark)
    public static class EngineState {
        EngineContenders.Direct target;

        @Setup(Level.Trial)
        public void setUp() {
            target = (EngineContenders.Direct) Contenders.create("engine", 1, 1);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            ContenderState.finish(target);
        }
    }

    @State(Scope.Benchmark)
    public static class DisruptorState {
        Contender target;

        @Setup(Level.Trial)
        public void setUp() {
            target = Contenders.create("disruptorYielding", 1, 1);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            ContenderState.finish(target);
        }
    }

    /** {@code put(Topic, Object...)}: the varargs array plus the payload. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void enginePut(EngineState s) {
        s.target.sendAndAwait(BATCH);
    }

    /** {@code put(String, Object...)}: as {@link #enginePut} plus the interned {@code Topic.of} lookup. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void enginePutString(EngineState s) {
        EventEngine engine = s.target.engine;
        s.target.sendAndAwait(BATCH, () -> engine.put(EngineContenders.TOPIC, Contender.EVENT));
    }

    /** {@code tryPut}: the non-blocking path. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void engineTryPut(EngineState s) {
        EventEngine engine = s.target.engine;
        Topic topic = s.target.topic;
        s.target.sendAndAwait(BATCH, () -> {
            for (int attempt = 0; !engine.tryPublish(topic, Contender.EVENT); attempt++) {
                Contender.backOff(attempt);
            }
        });
    }

    /** {@code publish(Topic, List, Map)}: copies of args and kwargs. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void enginePublishKwargs(EngineState s) {
        EventEngine engine = s.target.engine;
        Topic topic = s.target.topic;
        s.target.sendAndAwait(BATCH, () -> engine.publish(topic, ARGS, KWARGS));
    }

    /** The zero line: the Disruptor publishes into pre-allocated slots. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void disruptor(DisruptorState s) {
        s.target.sendAndAwait(BATCH);
    }
}
