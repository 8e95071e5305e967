package io.eventengine.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A put racing close, on the real {@link MessageIntake}, {@link MpscMessageQueue} and {@link CloseBarrier}: the
 * producer's read of the gate, offer and second read of the gate (the closing flag's word) against the closer's {@code beginClose()} followed by its
 * sweep of the queue. Every put must end as accepted and counted by the sweep, or refused and not counted; a put that
 * returned normally while the sweep missed its message is a silently lost message (the defect of issue 12).
 *
 * <p>r1: 1 the put returned normally, 2 it threw the closed-engine error. r2: how many messages the sweep took.
 *
 * <p>A white-box litmus test: it drives the engine's package-private intake directly, so it is one of engine-core's
 * own test sources (compiled only with {@code -Pjcstress}; engine-jcstress packages it).
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Accepted before the close; the sweep counted it as abandoned.")
@Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "Refused: it saw the close before offering, or came after the sweep.")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "Lost: the put returned normally but the sweep never saw its message.")
@Outcome(
        id = "2, 1",
        expect = FORBIDDEN,
        desc = "Double-counted: the put threw but its message was counted as accepted.")
@Outcome(expect = FORBIDDEN, desc = "Impossible: the put found the queue of 4 full (r1 = 3).")
@State
public class PutRacingCloseTest {
    private static final Topic TOPIC = Topic.of("JCStress.Close");

    private final MpscMessageQueue queue = new MpscMessageQueue(4);
    private final Monitor monitor = new Monitor("jcstress", queue::setProducerEvents);
    private final DispatchLoop loop = new DispatchLoop(
            queue,
            new HookRegistry(false, monitor),
            new RetainedMessages("jcstress", java.util.List.of(), 16, queue),
            EngineClock.system(),
            16,
            16,
            IdleStrategy.parking(),
            monitor);
    private final CloseBarrier barrier = new CloseBarrier();
    private final MessageIntake intake = new MessageIntake("jcstress", queue, loop, barrier, monitor);

    @Actor
    public void producer(II_Result r) {
        try {
            // Capacity 4: never full here, so false (3) would be a defect of its own.
            r.r1 = intake.tryPut(intake.newMessage(TOPIC, new Object[] {1}), false) ? 1 : 3;
        } catch (IllegalStateException closed) {
            r.r1 = 2;
        }
    }

    @Actor
    public void closer(II_Result r) {
        queue.beginClose();
        int swept = queue.abandonRemaining();
        barrier.swept(swept);
        r.r2 = swept;
    }
}
