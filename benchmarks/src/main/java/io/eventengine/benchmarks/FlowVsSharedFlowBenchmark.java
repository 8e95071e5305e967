package io.eventengine.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One producer to one Flow collector: {@code engine.flow(pattern, capacity = n)} fed by the suspending {@code
 * engine.emit}, against {@code MutableSharedFlow(extraBufferCapacity = n)} fed by {@code emit}, each collected on one
 * thread, in the same run. Scores are messages per second, end to end (a batch counts once the collector has seen
 * all of it). The engine path has one more hop (queue, dispatcher thread, then the collector's channel) and routes by
 * pattern; SharedFlow hands over directly.
 *
 * <p>Quick run: {@code java -jar benchmarks/target/benchmarks.jar FlowVsSharedFlow -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(FlowVsSharedFlowBenchmark.BATCH)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 2,
        jvmArgs = {"-Xmx1g"})
public class FlowVsSharedFlowBenchmark {
    static final int BATCH = 10_000;

    @State(Scope.Benchmark)
    public static class EngineFlowState {
        @Param({"256", "4096"})
        int bufferCapacity;

        EngineFlowPipe pipe;

        @Setup(Level.Trial)
        public void setUp() {
            pipe = new EngineFlowPipe(bufferCapacity, 4096);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pipe.close();
        }
    }

    @State(Scope.Benchmark)
    public static class SharedFlowState {
        @Param({"256", "4096"})
        int bufferCapacity;

        SharedFlowPipe pipe;

        @Setup(Level.Trial)
        public void setUp() {
            pipe = new SharedFlowPipe(bufferCapacity);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pipe.close();
        }
    }

    @Benchmark
    public void engineFlow(EngineFlowState state) {
        state.pipe.runBatch(BATCH);
    }

    @Benchmark
    public void sharedFlow(SharedFlowState state) {
        state.pipe.runBatch(BATCH);
    }
}
