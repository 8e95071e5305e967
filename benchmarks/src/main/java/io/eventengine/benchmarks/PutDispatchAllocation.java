package io.eventengine.benchmarks;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
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

    static final String TOPIC = "Market.Data.AAPL";
    static final List<Object> ARGS = List.of(Peers.EVENT);
    static final Map<String, Object> KWARGS = Map.of("price", Peers.EVENT);

    @State(Scope.Benchmark)
    public static class EngineState {
        final HandledCounter handled = new HandledCounter();
        EventEngine engine;
        Topic topic;
        long sent;

        @Setup(Level.Trial)
        public void setUp() {
            topic = Topic.of(TOPIC);
            engine = Peers.engine("backoff", TOPIC, handled);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
            OneToOneThroughput.check(handled, sent);
        }
    }

    @State(Scope.Benchmark)
    public static class DisruptorState {
        final HandledCounter handled = new HandledCounter();
        Disruptor<Peers.Slot> disruptor;
        RingBuffer<Peers.Slot> ring;
        long sent;

        @Setup(Level.Trial)
        public void setUp() {
            disruptor = Peers.disruptor("yielding", handled);
            ring = Peers.ring(disruptor);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            Peers.shutdown(disruptor);
            OneToOneThroughput.check(handled, sent);
        }
    }

    /** {@code put(Topic, Object...)}: the varargs array plus the payload. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void enginePut(EngineState s) {
        for (int i = 0; i < BATCH; i++) {
            s.engine.put(s.topic, Peers.EVENT);
        }
        s.handled.awaitAtLeast(s.sent += BATCH);
    }

    /** {@code put(String, Object...)}: as {@link #enginePut} plus the interned {@code Topic.of} lookup. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void enginePutString(EngineState s) {
        for (int i = 0; i < BATCH; i++) {
            s.engine.put(TOPIC, Peers.EVENT);
        }
        s.handled.awaitAtLeast(s.sent += BATCH);
    }

    /** {@code tryPut}: the non-blocking path. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void engineTryPut(EngineState s) {
        int i = 0;
        while (i < BATCH) {
            if (s.engine.tryPut(s.topic, Peers.EVENT)) {
                i++;
            } else {
                Thread.onSpinWait();
            }
        }
        s.handled.awaitAtLeast(s.sent += BATCH);
    }

    /** {@code publish(Topic, List, Map)}: copies of args and kwargs. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void enginePublishKwargs(EngineState s) {
        for (int i = 0; i < BATCH; i++) {
            s.engine.publish(s.topic, ARGS, KWARGS);
        }
        s.handled.awaitAtLeast(s.sent += BATCH);
    }

    /** The zero line: the Disruptor publishes into pre-allocated slots. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void disruptor(DisruptorState s) {
        for (int i = 0; i < BATCH; i++) {
            s.ring.publishEvent(Peers.TRANSLATOR, Peers.EVENT);
        }
        s.handled.awaitAtLeast(s.sent += BATCH);
    }
}
