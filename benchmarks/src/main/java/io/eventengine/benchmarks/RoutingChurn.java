package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
 * Dispatch throughput over the 10,000 exact topics of {@link RoutingWorkload} (each with a counting hook, 1,000
 * pattern hooks besides) while subscribers come and go: an op is one message published and handled; an invocation
 * publishes one message on every topic and waits until the last is handled ({@link HandledCounter}).
 *
 * <p>{@code churn}: {@code none}, the peer without a churning thread, or one of {@link Churner}'s kinds, churning 1,000
 * subscribe+cancel a second for the whole trial. Each value runs in its own JVM, so the ratio of two values is only
 * as good as the machine's steadiness between forks, which on the shared 2-core machine is poor (see {@link
 * RoutingChurnPaired}, which measures the same ratio within one JVM, iteration against neighbouring iteration): judge
 * this one with {@code benchmarks/interleave.sh} (several single-fork rounds, medians; its regex {@code
 * 'RoutingChurn\.dispatch'}, since a bare {@code RoutingChurn} also matches the paired class). The rate reached is
 * printed at the end of each trial.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(RoutingChurn.BATCH)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class RoutingChurn {
    static final int BATCH = RoutingWorkload.VENUES * RoutingWorkload.SYMBOLS;

    @Param({"none", "steady", "wakeups", "clients", "broad", "elsewhere", "handlers", "fluxShared", "fluxNew"})
    public String churn;

    RoutingWorkload workload;
    EventEngine engine;
    final HandledCounter handled = new HandledCounter();
    long expected;

    @Nullable
    Churner churner;

    @Setup(Level.Trial)
    public void setUp() {
        workload = new RoutingWorkload(1_000);
        engine = workload.startedEngine("routing-churn", msg -> handled.onEvent(msg.seqId()));
        if (!churn.equals("none")) {
            churner = new Churner(churn, engine, workload);
            churner.churning(true);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        Churner c = churner;
        if (c != null) {
            c.close();
            System.out.printf("%n[RoutingChurn] %s: %.0f subscribe+cancel per second%n", c, c.rate());
        }
        HandledCounter.check(handled, expected);
        engine.close();
    }

    @Benchmark
    public void dispatch() {
        expected += workload.publishAll(engine);
        handled.awaitAtLeast(expected);
    }
}
