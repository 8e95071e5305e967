package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * {@link RoutingChurn}'s question, churn against no churn, answered within one JVM: the same dispatch workload, with
 * {@link Churner} switched off in the even iterations and on in the odd ones (counted separately for warm-up and
 * measurement), so that each churning second is compared with the seconds on either side of it.
 *
 * <p>Why: on the shared 2-core machine the dispatcher's speed drifts by 2x and more from one second to the next and
 * from one JVM to the next, with nothing of ours changing; a pointer chase over 4 MB (more than a core's 2 MB L2)
 * drifts as much, one over 1 MB does not (docs/benchmarks.md, "Churn, paired"). Forks per value, even interleaved,
 * compare seconds that are far apart; neighbouring iterations share the machine's state.
 *
 * <p>The JMH score mixes both halves and means nothing by itself: read the run with {@code benchmarks/paired.py}, which
 * takes each churning iteration over the mean of its neighbours and reports the median of those ratios. The measured
 * iterations must be even in number, so that the halves have the same size.
 *
 * <p>Both halves run the same compiled code, so what the clients' handler classes do to the JIT (the dispatcher's
 * handler call site, inlined for two classes, becomes a virtual call with a third) is in neither half: it comes with
 * the first subscriber of another class, churning or not, and this benchmark does not size it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(RoutingChurn.BATCH)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 30, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class RoutingChurnPaired {
    @Param({"none", "clients", "handlers", "fluxShared", "fluxNew", "wakeups", "elsewhere", "broad"})
    public String churn;

    RoutingWorkload workload;
    EventEngine engine;
    final HandledCounter handled = new HandledCounter();
    long expected;
    Churner churner;
    int warmups;
    int measured;

    @Setup(Level.Trial)
    public void setUp() {
        workload = new RoutingWorkload(1_000);
        engine = workload.startedEngine("routing-churn-paired", msg -> handled.onEvent(msg.seqId()));
        churner = new Churner(churn, engine, workload);
    }

    @Setup(Level.Iteration)
    public void alternate(IterationParams iteration) {
        int index = iteration.getType() == IterationType.WARMUP ? warmups++ : measured++;
        churner.churning(index % 2 == 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        churner.close();
        System.out.printf(
                "%n[RoutingChurnPaired] %s: %.0f subscribe+cancel per churning second%n", churner, churner.rate());
        HandledCounter.check(handled, expected);
        engine.close();
    }

    @Benchmark
    public void dispatch() {
        expected += workload.publishAll(engine);
        handled.awaitAtLeast(expected);
    }
}
