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
 * Scenario 1: one producer (the JMH thread) to one handler on another thread. Each op is one small event put and
 * handled: an invocation publishes {@link #BATCH} events, then waits until they are all handled ({@link Contender}).
 * Every contender (the engine, its {@code flux()} and {@code flow()} adapters, and the peers) has the same capacity,
 * event, handler work and completion protocol, so the scores are quoted as ratios.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OneToOneThroughput {
    /** Events per invocation: a quarter of the capacity, so that a batch rarely waits for room. */
    static final int BATCH = 1024;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void handOff(ContenderState s) {
        s.target.sendAndAwait(BATCH);
    }
}
