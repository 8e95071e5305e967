package io.eventengine.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One contender per trial, shared by the benchmark's threads, for every contender by name: the engine and its adapters
 * first, then the peers. One producer and one handler unless a scenario's subclass says otherwise. Tear-down checks the
 * exact accounting: a lost or duplicated event fails the run.
 */
@State(Scope.Benchmark)
public class ContenderState {
    @Param({
        "engine",
        "engineFlux",
        "engineFlow",
        "disruptorBlocking",
        "disruptorYielding",
        "reactorSink",
        "sharedFlow",
        "guavaAsync",
        "greenrobot",
        "arrayBlockingQueue",
        "jctoolsMpsc"
    })
    public String contender;

    Contender target;

    protected int producers() {
        return 1;
    }

    protected int handlers() {
        return 1;
    }

    @Setup(Level.Trial)
    public void setUp() {
        target = Contenders.create(contender, producers(), handlers());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        finish(target);
    }

    /** Checks the accounting of a contender after its last op, then closes it either way. */
    static void finish(Contender target) {
        try {
            target.checkAccounting();
        } finally {
            target.close();
        }
    }
}
