package io.eventengine.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 5: one topic, {@link #HANDLERS} handlers, one producer. Every handler sees every event, all on one consumer
 * thread (the engine's dispatcher calls a hook's handlers in turn; every peer is set up the same way, see each
 * contender). The score is events per second, each handled {@link #HANDLERS} times.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FanOutThroughput {
    public static class EightHandlers extends ContenderState {
        @Override
        protected int handlers() {
            return HANDLERS;
        }
    }

    static final int HANDLERS = 8;

    @Benchmark
    @OperationsPerInvocation(OneToOneThroughput.BATCH)
    public void fanOut(EightHandlers s) {
        s.target.sendAndAwait(OneToOneThroughput.BATCH);
    }
}
