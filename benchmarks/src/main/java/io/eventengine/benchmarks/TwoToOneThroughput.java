package io.eventengine.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 2: two producer threads to one handler, the same contenders as {@link OneToOneThroughput} (the Disruptor with
 * its multi-producer sequencer). Each producer publishes a batch and waits until everything both have published so far
 * is handled; the score is both producers' events per second. On 2 cores the three threads share two cores: this shows
 * how each contender degrades under producer contention, not a best case.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(2)
public class TwoToOneThroughput {
    public static class TwoProducers extends ContenderState {
        @Override
        protected int producers() {
            return 2;
        }
    }

    @Benchmark
    @OperationsPerInvocation(OneToOneThroughput.BATCH)
    public void handOff(TwoProducers s) {
        s.target.sendAndAwait(OneToOneThroughput.BATCH);
    }
}
