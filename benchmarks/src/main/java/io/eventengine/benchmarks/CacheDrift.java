package io.eventengine.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine, not the engine: a dependent random walk over {@code bytes} of memory, one thread, no allocation, no
 * GC. Over 1 MB the walk stays in the core's L2 (2 MB on the benchmark machine); over 4 MB it lives in the L3 that
 * the host shares with other tenants. Compare the spread of the iterations of the two sizes: what moves the second
 * from one second to the next is the neighbours, and any benchmark whose working set outgrows L2 (the routing ones:
 * 10,000 topics and 11,000 hooks) moves with it (docs/benchmarks.md, "Churn, paired").
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(CacheDrift.STEPS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CacheDrift {
    static final int STEPS = 100_000;

    @Param({"1048576", "4194304"})
    public int bytes;

    int[] next;
    int at;

    @Setup
    public void setUp() {
        int n = bytes / Integer.BYTES;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(1);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        next = new int[n];
        for (int i = 0; i < n; i++) {
            next[order[i]] = order[(i + 1) % n]; // one cycle through every slot: no short loop to settle in
        }
    }

    @Benchmark
    public int walk() {
        int[] n = next;
        int p = at;
        for (int i = 0; i < STEPS; i++) {
            p = n[p];
        }
        at = p;
        return p;
    }
}
