package io.eventengine.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's bounded queue: JCTools' lock-free MPSC array queue plus the park/wake protocol around it. Any thread
 * may offer; one thread at a time (the owner the engine hands out) may take.
 *
 * <p>Two Dekker-style handshakes keep wake-ups from being lost, each with a full fence on both sides between "I
 * announce I am parking" / "I changed the queue" and "I look at the other side":
 *
 * <ul>
 *   <li>Consumer parking: the consumer publishes itself in {@code parkedConsumer} (volatile store) and then checks the
 *       strict {@link MpscAtomicArrayQueue#isEmpty()}, which sees claimed-but-unwritten slots (a relaxed poll does not,
 *       see docs/development.md, build trap 8). A producer's offer claims its slot with a CAS and then reads {@code parkedConsumer}.
 *   <li>Producer parking: a producer registers in {@code producerWaiters} and increments {@code parkedProducers}
 *       (atomic), then retries its offer. The consumer, after taking messages, issues a full fence (its consumer-index
 *       store is only a release store) and then reads {@code parkedProducers}.
 * </ul>
 *
 * Parked producers also wake by themselves after a bounded back-off, so a producer waiting with a timeout keeps its
 * deadline, and no single missed signal could strand one.
 */
final class MpscMessageQueue {
    private static final Logger LOG = LoggerFactory.getLogger(MpscMessageQueue.class);
    private static final long MIN_PARK_NANOS = 1_000;
    private static final long MAX_PARK_NANOS = 1_000_000;
    /** A spinning producer looks at the consumer's index once per this many spins (a power of two, minus one). */
    private static final int ROOM_CHECK_MASK = 15;

    private final MpscAtomicArrayQueue<MessagePayload> queue;
    private final AtomicInteger parkedProducers = new AtomicInteger();
    private final ConcurrentLinkedQueue<Thread> producerWaiters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingRoomCallbacks = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> roomCallbacks = new ConcurrentLinkedQueue<>();
    private volatile @Nullable Thread parkedConsumer;
    /** Work for the consumer other than messages (a retained replay): set, then the parked consumer is read. */
    private final AtomicBoolean nudged = new AtomicBoolean();
    /** The {@link #gate()} bit that {@link #beginClose()} sets, once: the sign bit, so a closing gate is negative. */
    static final int CLOSING = 1 << 31;

    /**
     * The producer gate: {@link #CLOSING}, plus the monitoring events a producer fires around its offer (the engine's
     * Monitor keeps them here, see {@link #setProducerEvents}). One word, so that a put learns both with the loads it
     * makes anyway: one before its offer and one after (MessageIntake); with an open engine and no tool it is 0.
     */
    private volatile int gate;

    private static final VarHandle PARKED_CONSUMER;
    private static final VarHandle GATE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PARKED_CONSUMER = lookup.findVarHandle(MpscMessageQueue.class, "parkedConsumer", Thread.class);
            GATE = lookup.findVarHandle(MpscMessageQueue.class, "gate", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How much room a spinning producer waits for before it offers again: a quarter of the queue. */
    private final int roomToRetry;

    MpscMessageQueue(int capacity) {
        this.queue = new MpscAtomicArrayQueue<>(capacity);
        this.roomToRetry = Math.max(1, queue.capacity() / 4);
    }

    /** Whether a quarter of the queue is free: when a waiting producer retries, and when the consumer wakes it. */
    private boolean hasRoomToRetry() {
        return queue.capacity() - queue.size() >= roomToRetry;
    }

    int capacity() {
        return queue.capacity();
    }

    int size() {
        return queue.size();
    }

    /** Strict emptiness: false while a producer has claimed a slot it has not written yet. */
    boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Offers without waiting; on success wakes a parked consumer. The producer that wakes it also takes it off {@code
     * parkedConsumer} (CAS), so the puts that follow while it is still waking do not each pay an {@code unpark} (a
     * mutex and a futex call that contend with the waking thread): one wake-up per park. A CAS that loses to another
     * producer or to the consumer itself leaves the consumer awake or being woken, with this message already queued.
     */
    boolean offer(MessagePayload message) {
        if (!queue.offer(message)) {
            return false;
        }
        Thread consumer = parkedConsumer;
        if (consumer != null && PARKED_CONSUMER.compareAndSet(this, consumer, null)) {
            LockSupport.unpark(consumer);
        }
        return true;
    }

    /**
     * Offers, spinning {@code maxSpin} times and then parking until there is room, the timeout ends ({@code
     * timeoutNanos} 0: never), the queue starts closing ({@link #beginClose()}) or the thread is interrupted (its
     * status is kept).
     *
     * @return whether the message was queued
     */
    boolean offer(MessagePayload message, int maxSpin, long timeoutNanos) {
        if (offer(message)) {
            return true;
        }
        // On a full queue, an offer per spin would retry at each slot the consumer frees: producer and consumer then
        // move in lockstep, and every message costs a transfer of the consumer-index line both ways (the offer reads
        // it, the consumer's next take writes it): a producer that outpaced the dispatcher ran at 4 M/s in some JVMs
        // and 19 in others (benchmarks' FullQueueThroughput; docs/benchmarks.md, "A full queue"). So the spins look at
        // the index once every 16 and offer only when a quarter of the queue is free: the offers that follow run on
        // JCTools' cached producer limit, reading nothing the consumer writes. The parks below take any room, so while
        // there is some a put waits at most one back-off.
        for (int i = 1; i <= maxSpin; i++) {
            Thread.onSpinWait();
            if ((i & ROOM_CHECK_MASK) == 0 && hasRoomToRetry() && offer(message)) {
                return true;
            }
        }
        long deadline = timeoutNanos == 0 ? 0 : System.nanoTime() + timeoutNanos;
        Thread me = Thread.currentThread();
        producerWaiters.add(me);
        parkedProducers.incrementAndGet();
        try {
            long backoff = MIN_PARK_NANOS;
            while (true) {
                // Registered, then look: beginClose() unparks us or we see its flag. Looking before each retry too
                // keeps a producer woken by close from slipping its message in after the final sweep.
                if (isClosing()) {
                    return false;
                }
                if (offer(message)) {
                    return true;
                }
                long park = backoff;
                if (deadline != 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    park = Math.min(park, left);
                }
                LockSupport.parkNanos(this, park);
                if (me.isInterrupted()) {
                    return offer(message);
                }
                backoff = Math.min(backoff << 1, MAX_PARK_NANOS);
            }
        } finally {
            parkedProducers.decrementAndGet();
            producerWaiters.remove(me);
        }
    }

    /**
     * Takes the next message if it is fully written (relaxed: null also while a producer is still writing the next
     * slot, so never park on a null from here without checking {@link #isEmpty()}). Call {@link #wakeProducers()}
     * after a batch of these.
     */
    @Nullable
    MessagePayload relaxedPoll() {
        return queue.relaxedPoll();
    }

    /** Takes one message if there is one, waiting out a slot that is being written. */
    @Nullable
    MessagePayload poll() {
        MessagePayload message = queue.poll();
        if (message != null) {
            wakeProducers();
        }
        return message;
    }

    /**
     * Unparks producers waiting for room once a quarter of the queue is free; the consumer calls it after taking
     * messages. Waking them at every batch would put them back in lockstep with the consumer (see {@link #offer(
     * MessagePayload, int, long)}), a park and an unpark per batch; with less room, a parked producer still wakes by
     * its own back-off and takes what there is.
     */
    void wakeProducers() {
        VarHandle.fullFence(); // order the consumer-index release store before reading the waiter counts
        if (parkedProducers.get() > 0 && hasRoomToRetry()) {
            for (Thread producer : producerWaiters) {
                LockSupport.unpark(producer);
            }
        }
        if (pendingRoomCallbacks.get() > 0) {
            runRoomCallbacks();
        }
    }

    /**
     * Runs {@code callback} once as soon as the queue has room: on the consumer thread after it takes messages, or at
     * once on the caller when there is room already. The same handshake as a parking producer (register, then look),
     * so no callback is forgotten. Callbacks must be quick and must not block: they run on the dispatcher.
     */
    void whenRoomAvailable(Runnable callback) {
        roomCallbacks.add(callback);
        pendingRoomCallbacks.incrementAndGet();
        if (isClosing() || queue.size() < queue.capacity()) {
            runRoomCallbacks(); // closing: the callback's retry learns at once that the engine refuses puts
        }
    }

    /** Whether {@link #beginClose()} was called. */
    boolean isClosing() {
        return gate < 0;
    }

    /** The producer gate (a volatile read): {@link #CLOSING} and the producer-side monitoring events; 0 when neither. */
    int gate() {
        return gate;
    }

    /**
     * Sets the producer-side monitoring events in the gate, keeping {@link #CLOSING}. Called by the engine's Monitor
     * whenever its tools change (serialized there), after it published the state that a site then fires through.
     */
    void setProducerEvents(int events) {
        if ((events & CLOSING) != 0) {
            throw new IllegalArgumentException("the closing bit is not a monitoring event: " + events);
        }
        int current;
        do {
            current = gate;
        } while (!GATE.compareAndSet(this, current, (current & CLOSING) | events));
    }

    /**
     * Starts refusing: every producer parked in {@link #offer(MessagePayload, int, long)} wakes and gives up, every
     * room callback runs (its retry then fails with the closed-engine error), and a consumer parked in {@link
     * #awaitMessages} wakes. The same handshake as parking: the flag is written before the waiters are read, and a
     * waiter registers before it reads the flag, so none is missed.
     */
    void beginClose() {
        GATE.getAndBitwiseOr(this, CLOSING);
        for (Thread producer : producerWaiters) {
            LockSupport.unpark(producer);
        }
        runRoomCallbacks();
        Thread consumer = parkedConsumer;
        if (consumer != null) {
            LockSupport.unpark(consumer);
        }
    }

    /**
     * Takes every message still queued, waiting out slots that producers are writing; for close's final count. The
     * caller must own the consumer side.
     */
    int abandonRemaining() {
        int abandoned = 0;
        for (MessagePayload message; (message = queue.poll()) != null; ) {
            message.abandon();
            abandoned++;
        }
        return abandoned;
    }

    private void runRoomCallbacks() {
        // Only as many as were waiting when the pass began: a callback that finds the room taken registers again, and
        // running it again in this pass would spin the consumer here for ever instead of letting it free room.
        for (int n = pendingRoomCallbacks.get(); n > 0; n--) {
            Runnable callback = roomCallbacks.poll();
            if (callback == null) {
                break;
            }
            pendingRoomCallbacks.decrementAndGet();
            try {
                callback.run();
            } catch (Throwable t) {
                LOG.warn("A room-available callback threw; the queue goes on", t);
            }
        }
    }

    /**
     * Wakes the consumer, or keeps it from parking, for work that is not a message (the engine's retained replays):
     * the same handshake as an offer's, with the flag in place of the slot.
     */
    void nudgeConsumer() {
        nudged.set(true);
        Thread consumer = parkedConsumer;
        if (consumer != null) {
            LockSupport.unpark(consumer);
        }
    }

    /**
     * Parks the calling consumer until a producer offers, it is unparked, or {@code deadlineNanos} ({@link
     * System#nanoTime()} based; 0: no deadline) passes. Returns at once when the queue is not strictly empty or is
     * closing.
     */
    void awaitMessages(long deadlineNanos) { // also returns when nudged: see nudgeConsumer
        Thread me = Thread.currentThread();
        parkedConsumer = me;
        try {
            if (!queue.isEmpty() || isClosing() || nudged.getAndSet(false)) {
                return;
            }
            if (deadlineNanos == 0) {
                LockSupport.park(this);
            } else {
                long left = deadlineNanos - System.nanoTime();
                if (left > 0) {
                    LockSupport.parkNanos(this, left);
                }
            }
        } finally {
            parkedConsumer = null;
        }
    }

    /** Removes every pending message; the caller must own the consumer side. */
    int clear() {
        int removed = 0;
        while (queue.poll() != null) {
            removed++;
        }
        if (removed > 0) {
            wakeProducers();
        }
        return removed;
    }
}
