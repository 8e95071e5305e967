package io.eventengine.core;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code close()}, the consumer side and the puts that race with close agree on.
 *
 * <p>Once close begins, {@link MpscMessageQueue#beginClose()} refuses new puts, but a producer that had already looked
 * may still get its message in. Such a producer sees the closing flag right after its offer (the offer's CAS orders the
 * two), and waits here for the final sweep: after it, its message was either dispatched (a seq id), or taken off the
 * queue undelivered and counted ({@link MessagePayload#ABANDONED}: the put stands as accepted and the count reports
 * it), or neither, because it came after the sweep: then the put fails with the closed-engine error. So every put ends
 * as delivered, reported undelivered, or refused, without a counter on the hot path.
 *
 * <p>The phase says who runs the sweep: the thread calling close (after the dispatcher exited), or the dispatcher when
 * close was called from one of its handlers or gave up waiting for a stuck handler. A compare-and-set decides when the
 * dispatcher exits just as close gives up.
 */
final class CloseBarrier {
    static final int OPEN = 0;
    /** Close began; its caller will sweep once the dispatcher has exited. */
    static final int CLOSING = 1;
    /** Close was called on the dispatcher: it sweeps, closes and runs the close callbacks when the loop ends. */
    static final int HANDED_TO_DISPATCHER = 2;
    /** Close gave up on a stuck handler and closed: the dispatcher only sweeps, whenever that handler returns. */
    static final int GAVE_UP = 3;
    /** The dispatcher exited in {@link #CLOSING}: the closing thread sweeps. */
    static final int DISPATCHER_EXITED = 4;

    private final AtomicInteger phase = new AtomicInteger(OPEN);
    private final CountDownLatch swept = new CountDownLatch(1);
    private final AtomicLong abandoned = new AtomicLong();

    /** Moves from {@code expected} to {@code next}; false when another thread moved first. */
    boolean advance(int expected, int next) {
        return phase.compareAndSet(expected, next);
    }

    int phase() {
        return phase.get();
    }

    /** Records the final sweep: {@code count} accepted messages that will never be dispatched. */
    void swept(int count) {
        abandoned.addAndGet(count);
        swept.countDown();
    }

    boolean isSwept() {
        return swept.getCount() == 0;
    }

    long abandoned() {
        return abandoned.get();
    }

    /** Waits for the sweep, through interrupts (a put's outcome must be known), keeping the interrupt status. */
    void awaitSwept() {
        Uninterruptibly.await(swept::await);
    }
}
