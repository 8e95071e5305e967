package io.eventengine.core;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.reflect.Field;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The producer-side wake handshake of {@link MpscMessageQueue}, on the real class, as a Dekker litmus test.
 *
 * <p>The queue (capacity 2) starts full. The consumer {@code poll()}s one message: JCTools frees the slot with a
 * release store of the consumer index, then {@code wakeProducers} issues a full fence and reads {@code
 * parkedProducers}. The producer makes a blocking {@code offer(message, 0, 0)}: its first offer fails, it registers
 * and increments {@code parkedProducers}, then re-offers before it would park. One of the two must see the other: a
 * consumer that saw no parked producer while the producer's re-offer still found the queue full is a lost wake-up
 * (covered in production only by the producer's bounded back-off, which is why no Lincheck or stress test can see
 * it). Without the fence the consumer's store may pass its load (store-load reordering, real on x86 too).
 *
 * <p>What each side saw is recorded without changing the code under test: the queue's JCTools queue and its waiter
 * list are swapped, by reflection, for subclasses that note the producer's offer results and whether the consumer
 * walked the waiters (it does exactly when it reads {@code parkedProducers > 0}). The producer's back-off would let it
 * retry, succeed and deregister between the consumer's store and its read, a harmless "0, 3" that looks like a lost
 * wake-up; so the recording queue holds any offer after the re-offer until the consumer's {@code poll()} has
 * returned, and the producer is still registered whenever the consumer reads {@code parkedProducers}.
 *
 * <p>r1: 1 when the consumer saw a parked producer. r2: 1 the producer's first offer succeeded (no parking path), 2
 * its re-offer after registering succeeded, 3 its re-offer failed (it parks and needs the consumer's unpark).
 */
@JCStressTest
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The consumer freed a slot before the producer's first offer.")
@Outcome(id = "0, 2", expect = ACCEPTABLE, desc = "Freed before the producer registered; its re-offer saw the slot.")
@Outcome(id = "1, 2", expect = ACCEPTABLE, desc = "The consumer saw the registered producer; the re-offer succeeded.")
@Outcome(
        id = "1, 3",
        expect = ACCEPTABLE_INTERESTING,
        desc = "The re-offer came first and failed, the consumer saw the producer and unparks it.")
@Outcome(id = "0, 3", expect = FORBIDDEN, desc = "Lost wake-up: neither side saw the other.")
@Outcome(expect = FORBIDDEN, desc = "Impossible: a consumer cannot see a producer that never registered.")
@State
public class ProducerWakeHandshakeTest {
    private static final Topic TOPIC = Topic.of("JCStress.Wake");
    private static final MessagePayload MESSAGE =
            new MessagePayload(TOPIC, new Object[] {1}, Map.of(), MessagePayload.NO_SEQ, 0, MessagePayload.NO_SEQ);
    private static final Field QUEUE = field("queue");
    private static final Field WAITERS = field("producerWaiters");

    private final MpscMessageQueue queue = new MpscMessageQueue(2);
    private final RecordingQueue recording = new RecordingQueue();
    private final RecordingWaiters waiters = new RecordingWaiters();

    public ProducerWakeHandshakeTest() {
        try {
            QUEUE.set(queue, recording);
            WAITERS.set(queue, waiters);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        queue.offer(MESSAGE);
        queue.offer(MESSAGE);
        recording.offers = 0; // count the producer actor's offers only
    }

    @Actor
    public void consumer(II_Result r) {
        queue.poll();
        recording.consumerDone = true;
        r.r1 = waiters.walked ? 1 : 0;
    }

    @Actor
    public void producer(II_Result r) {
        queue.offer(MESSAGE, 0, 0); // never gives up: the consumer frees a slot
        r.r2 = recording.outcome;
    }

    private static Field field(String name) {
        try {
            Field f = MpscMessageQueue.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Notes the results of the producer's first offer and of its re-offer after registering (producer thread only), and
     * holds later offers until the consumer is done.
     */
    static final class RecordingQueue extends MpscAtomicArrayQueue<MessagePayload> {
        int offers;
        int outcome;
        volatile boolean consumerDone;

        RecordingQueue() {
            super(2);
        }

        @Override
        public boolean offer(MessagePayload message) {
            if (offers >= 2) {
                while (!consumerDone) {
                    Thread.yield(); // a third offer comes after the producer's back-off: wait for the consumer's read
                }
            }
            boolean ok = super.offer(message);
            offers++;
            if (offers == 1) {
                outcome = ok ? 1 : 0;
            } else if (offers == 2) {
                outcome = ok ? 2 : 3;
            }
            return ok;
        }
    }

    /** Notes whether the consumer walked the waiters to unpark them (it does so only when it saw a parked producer). */
    static final class RecordingWaiters extends ConcurrentLinkedQueue<Thread> {
        private static final long serialVersionUID = 1L;
        volatile boolean walked;

        @Override
        public Iterator<Thread> iterator() {
            walked = true;
            return super.iterator();
        }
    }
}
