package io.eventengine.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The producer gate of {@link MpscMessageQueue}: one word holding the closing flag and the monitoring events a put
 * fires. A tool changing its events ({@code setProducerEvents}, a read-modify-write loop) races {@code beginClose()}
 * (an atomic or): neither may overwrite the other's bit. A lost closing bit would let puts into a closed engine
 * unnoticed; a lost event bit would silence a tool.
 *
 * <p>r1: 1 when the gate says closing after both actors; r2: 1 when it holds the CAPTURE event.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Both bits kept.")
@Outcome(id = "0, 1", expect = FORBIDDEN, desc = "The closing bit was overwritten by the tool change.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "The tool's event was overwritten by the close.")
@Outcome(expect = FORBIDDEN, desc = "Both bits lost.")
@State
public class ProducerGateTest {
    private static final int CAPTURE = Monitor.bit(Monitor.CAPTURE);

    private final MpscMessageQueue queue = new MpscMessageQueue(2);

    @Actor
    public void tool() {
        queue.setProducerEvents(CAPTURE);
    }

    @Actor
    public void closer() {
        queue.beginClose();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        int gate = queue.gate();
        r.r1 = gate < 0 ? 1 : 0;
        r.r2 = (gate & CAPTURE) != 0 ? 1 : 0;
    }
}
