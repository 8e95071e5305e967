package io.eventengine.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 3: latency of one hop, a ping-pong: the producer publishes one event and waits until the handler on the
 * consumer thread has counted it, sampled with JMH's {@code SampleTime} (read p50, p99 and p99.9 in the results). A
 * sample is publish, hand-off, handler and the producer seeing the count; the consumer is woken by each event, so
 * contenders whose idle consumer parks pay for the wake-up here, and those that spin or yield do not.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class HopLatency {
    @Benchmark
    public void hop(ContenderState s) {
        s.target.sendAndAwait(1);
    }
}
