package io.eventengine.reactor;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventHandler;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Overflow;
import io.eventengine.core.Registration;
import io.eventengine.core.SubscriberOverflowException;
import io.eventengine.core.Topic;
import io.eventengine.core.spi.EngineSupport;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.MpmcAtomicArrayQueue;
import org.jctools.queues.atomic.SpscAtomicArrayQueue;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * One subscriber of a topic flux: an {@link EventHandler} registered on the engine (it runs on the dispatcher thread,
 * the only producer of this subscriber's buffer) and the {@link org.reactivestreams.Subscription} its subscriber
 * requests from. It buffers and emits {@code convert(message)} ({@code T} is {@link MessagePayload} for an untyped flux);
 * a message {@code convert} returns null for is skipped before the buffer, so it takes neither demand nor room.
 *
 * <p>The buffer is a bounded JCTools queue holding at most {@code bufferSize} messages (the queue itself is a power of
 * two at least that big; {@code size()} never under-counts, so the bound is exact). It is single-producer (the
 * dispatcher) and single-consumer (the drain loop, serialized by {@code WIP}), except with {@link
 * Overflow#DROP_OLDEST}, where the producer also removes the oldest message and the queue is multi-consumer.
 *
 * <p>The drain loop is reactor-core's: whoever moves {@code WIP} from 0 runs it (the dispatcher after queuing, or the
 * thread that requests), so signals are serialized (§1.3) and a re-entrant {@code request} from {@code onNext} does not
 * recurse (§3.3). Errors are delivered as soon as the loop sees them, discarding what is buffered; completion waits for
 * the buffer to drain.
 *
 * <p>Per message, the dispatcher pays no atomic write: it takes {@code WIP} (one CAS) at the first message of a
 * dispatcher batch and keeps it until the batch ends ({@code EngineSupport.afterBatch}), counting what it emitted in a
 * plain field that comes off {@code requested} once, when it gives {@code WIP} back and drains what arrived or was
 * requested meanwhile. That is reactor-core's {@code FluxPublishOn} drain (one {@code REQUESTED} update per drain
 * pass, {@code WIP} as the "missed" counter of signals from other threads), held for a batch rather than a signal; a
 * {@code request} or {@code cancel} from another thread during the batch is served when it ends. A BLOCK wait gives
 * {@code WIP} back first, so the subscriber's own requests can drain the room it waits for.
 *
 * <p>{@link Overflow#BLOCK}: the handler publishes itself in {@code blockedProducer} and re-checks for room (volatile
 * store, then volatile loads); a consumer that took messages issues a full fence before reading {@code
 * blockedProducer} (the queue's index store is only a release store) and unparks it. Parks are also bounded, so the
 * deadline is kept.
 */
final class TopicSubscription<T> implements org.reactivestreams.Subscription, EventHandler, Scannable {
    private static final int BLOCK_SPINS = 64;
    private static final long MIN_PARK_NANOS = 1_000;
    private static final long MAX_PARK_NANOS = 1_000_000;
    private static final Object TERMINATED = new Object();

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<TopicSubscription> WIP =
            AtomicIntegerFieldUpdater.newUpdater(TopicSubscription.class, "wip");

    @SuppressWarnings("rawtypes")
    private static final AtomicLongFieldUpdater<TopicSubscription> REQUESTED =
            AtomicLongFieldUpdater.newUpdater(TopicSubscription.class, "requested");

    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<TopicSubscription, Throwable> ERROR =
            AtomicReferenceFieldUpdater.newUpdater(TopicSubscription.class, Throwable.class, "error");

    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<TopicSubscription, Object> REGISTRATION =
            AtomicReferenceFieldUpdater.newUpdater(TopicSubscription.class, Object.class, "registration");

    private final CoreSubscriber<? super T> actual;
    private final EngineSupport support;
    private final EventEngine engine;
    private final Topic topic;
    private final Function<MessagePayload, @Nullable T> convert;
    private final @Nullable Topic completeOn;
    private final Overflow overflow;
    private final int bufferSize;
    private final Duration blockTimeout;
    private final MessagePassingQueue<T> queue;

    private volatile int wip;
    private volatile long requested;
    private volatile boolean cancelled;
    /** Set after the last message was queued (completion) or after {@link #error} (failure). */
    private volatile boolean done;

    private volatile @Nullable Throwable error;
    /** Null until registered, then the registrations, then {@link #TERMINATED}. */
    private volatile @Nullable Object registration;

    private volatile @Nullable Thread blockedProducer;

    /** Removes this subscriber's close callback from the engine once it has ended otherwise. */
    private volatile @Nullable Runnable removeCloseCallback;

    /** Dispatching thread only: this subscription holds {@code WIP} until the batch ends (see {@link #holdForBatch}). */
    private boolean heldForBatch;

    /** Dispatching thread only: messages emitted under that hold, taken off {@code requested} when it ends. */
    private long emittedInBatch;

    private final Runnable releaseBatch = this::releaseBatch;

    TopicSubscription(
            CoreSubscriber<? super T> actual,
            EngineSupport support,
            Topic topic,
            FluxOptions options,
            Function<MessagePayload, @Nullable T> convert) {
        this.actual = actual;
        this.support = support;
        this.engine = support.engine();
        this.topic = topic;
        this.convert = convert;
        this.completeOn = options.completeOn();
        this.overflow = options.overflow();
        this.bufferSize = options.bufferSize();
        this.blockTimeout = options.blockTimeout();
        // DROP_OLDEST polls from the producer side too; a spare slot keeps an in-flight poll from stalling its offer.
        this.queue = overflow == Overflow.DROP_OLDEST
                ? new MpmcAtomicArrayQueue<>(Math.max(2, bufferSize + 1))
                : new SpscAtomicArrayQueue<>(bufferSize);
    }

    // ---- registration -----------------------------------------------------------------------------------------

    /** Registers the handler (after {@code onSubscribe}), unless the subscriber already cancelled or failed. */
    void register(@Nullable Runnable afterRegister) {
        if (registration != null) {
            return; // cancelled or failed inside onSubscribe
        }
        Registration data = null;
        Registration end = null;
        try {
            data = engine.register(topic, this);
            Topic completion = completeOn;
            if (completion != null) {
                end = engine.register(completion, this);
            }
        } catch (Throwable t) {
            Exceptions.throwIfJvmFatal(t);
            closeAll(new Registration[] {data, end});
            fail(t);
            return;
        }
        Registration[] registrations = new Registration[] {data, end};
        if (!REGISTRATION.compareAndSet(this, null, registrations)) {
            closeAll(registrations); // cancelled or failed meanwhile
            return;
        }
        // The engine runs close callbacks after its last delivery, so completing then loses nothing it delivered.
        removeCloseCallback = support.whenClosed(this::engineClosed);
        if (registration == TERMINATED) {
            unregister(); // ended while the callback was being added: take it off again
        }
        if (afterRegister != null) {
            try {
                afterRegister.run();
            } catch (Throwable t) {
                Exceptions.throwIfJvmFatal(t);
                fail(t);
            }
        }
    }

    private void unregister() {
        Object previous = REGISTRATION.getAndSet(this, TERMINATED);
        if (previous instanceof Registration[] registrations) {
            closeAll(registrations);
        }
        Runnable remove = removeCloseCallback;
        if (remove != null) {
            remove.run();
        }
    }

    /** The engine closed: complete once the buffer is drained, like a completion topic. */
    private void engineClosed() {
        if (done || cancelled) {
            return;
        }
        done = true;
        unregister();
        wakeProducer();
        drain(false);
    }

    private static void closeAll(@Nullable Registration[] registrations) {
        for (Registration r : registrations) {
            if (r != null) {
                r.close();
            }
        }
    }

    // ---- producer side: the engine's dispatcher ---------------------------------------------------------------

    @Override
    public void handle(MessagePayload message) {
        if (done || cancelled) {
            return;
        }
        Topic completion = completeOn;
        if (completion != null && isCompletion(completion, message.topic())) {
            done = true;
            unregister();
            drain(true);
            return;
        }
        T value = convert.apply(message);
        if (value == null) {
            return; // skipped (a typed flux, another type): takes neither demand nor buffer room
        }
        boolean alreadyHeld = heldForBatch;
        if (alreadyHeld || holdForBatch()) {
            long r = requested;
            // Demand, and nothing older buffered: hand the message over without queuing it.
            if ((r == Long.MAX_VALUE || r - emittedInBatch > 0) && queue.isEmpty()) {
                if (emit(value) && r != Long.MAX_VALUE) {
                    emittedInBatch++;
                }
            } else if (enqueue(value)) { // behind what is buffered, for the drain when the batch ends
                if (!heldForBatch) {
                    drain(true); // a BLOCK wait gave the hold back: drain as when another thread held WIP
                }
            } else if (done && heldForBatch) {
                releaseBatch(); // overflowed and failed: the error goes out now, not when the batch ends
            }
            if (!alreadyHeld && heldForBatch) {
                // After the emit: off the dispatcher this runs at once, so each message holds WIP alone.
                support.afterBatch(releaseBatch);
            }
            return;
        }
        if (enqueue(value)) {
            drain(true); // another thread holds WIP (a request or cancel right now): it, or we, drains
        }
    }

    /**
     * Takes {@code WIP} for the rest of the dispatcher's batch, so that the batch's further messages cost no atomic
     * write; {@link #releaseBatch} gives it back when the batch ends. False when another thread drains right now.
     */
    private boolean holdForBatch() {
        if (wip != 0 || !WIP.compareAndSet(this, 0, 1)) {
            return false;
        }
        heldForBatch = true;
        return true;
    }

    /**
     * The batch ended (or a handler is about to block the dispatcher): takes what the batch emitted off the demand,
     * then drains what was queued or requested meanwhile and gives {@code WIP} back.
     */
    private void releaseBatch() {
        if (!heldForBatch) { // given back early (a BLOCK wait, a failure): this queued release has nothing left
            return;
        }
        heldForBatch = false;
        long emitted = emittedInBatch;
        emittedInBatch = 0;
        if (emitted != 0) {
            Operators.produced(REQUESTED, this, emitted);
        }
        drainLoop(true);
    }

    /** Queues {@code value}, applying the overflow policy when the buffer is full; true when it was queued. */
    private boolean enqueue(T value) {
        if (queue.size() >= bufferSize && !makeRoom(value)) {
            return false;
        }
        if (!queue.offer(value)) {
            // Cannot happen (the queue is at least bufferSize big and only this thread adds); never lose silently.
            fail(new IllegalStateException("Buffer of " + this + " refused a message it had room for"));
            return false;
        }
        return true;
    }

    private static boolean isCompletion(Topic completion, Topic topic) {
        return completion.isExact() ? completion.equals(topic) : completion.matches(topic);
    }

    /** The buffer is full: applies the overflow policy; true when the message may now be queued. */
    private boolean makeRoom(T message) {
        switch (overflow) {
            case BLOCK:
                return awaitRoom();
            case FAIL:
                fail(overflowError("was full (overflow FAIL: it requested fewer messages than were published)"));
                return false;
            case DROP_LATEST:
                dropped(message);
                return false;
            case DROP_OLDEST:
                while (queue.size() >= bufferSize) {
                    T oldest = queue.poll();
                    if (oldest == null) {
                        break; // the consumer took them all meanwhile
                    }
                    dropped(oldest);
                }
                return true;
            default:
                throw new AssertionError(overflow);
        }
    }

    /** {@link Overflow#BLOCK}: waits for room, bounded by the timeout; true when there is room. */
    private boolean awaitRoom() {
        Thread me = Thread.currentThread();
        if (Schedulers.isInNonBlockingThread()) {
            fail(overflowError("was full (overflow BLOCK) and the handler runs on thread '" + me.getName()
                    + "', which Reactor marks non-blocking: BLOCK never waits there and fails at once instead. Let"
                    + " the engine's own dispatcher run the handlers (engine.start()), or drive the engine from a"
                    + " thread that may block"));
            return false;
        }
        // Held, WIP would keep the requesting thread from draining the room we wait for: give it back first.
        releaseBatch();
        // Producers waiting for the room this batch freed, and consumers of this batch, need not wait for us.
        support.beforeBlocking();
        long timeoutNanos = saturatedNanos(blockTimeout);
        long start = System.nanoTime();
        blockedProducer = me;
        try {
            int spins = 0;
            long park = MIN_PARK_NANOS;
            while (queue.size() >= bufferSize) {
                if (cancelled || done) {
                    return false;
                }
                long left = timeoutNanos - (System.nanoTime() - start);
                if (left <= 0) {
                    fail(overflowError("stayed full for the whole blockTimeout of " + blockTimeout
                            + " (overflow BLOCK): the dispatcher stopped waiting for its demand"));
                    return false;
                }
                if (me.isInterrupted()) {
                    fail(overflowError("was full (overflow BLOCK) and the dispatcher was interrupted while waiting"
                            + " for its demand (the interrupt status is kept)"));
                    return false;
                }
                if (spins < BLOCK_SPINS) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, Math.min(left, park));
                    park = Math.min(park << 1, MAX_PARK_NANOS);
                }
            }
            return true;
        } finally {
            blockedProducer = null;
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Core's error; its message reads "its buffer of N messages " + {@code why} + the policy and the advice. */
    private SubscriberOverflowException overflowError(String why) {
        return new SubscriberOverflowException(topic, bufferSize, overflow, why);
    }

    private void dropped(T message) {
        support.recordSubscriberDrop(topic, message instanceof MessagePayload payload ? payload : null);
        Operators.onDiscard(message, actual.currentContext());
    }

    // ---- terminal events --------------------------------------------------------------------------------------

    /**
     * Fails the subscriber and unregisters it. After a cancel it does nothing (§3.6); a second failure goes to
     * Reactor's dropped-error hook.
     */
    void fail(Throwable failure) {
        if (cancelled) {
            return;
        }
        if (!ERROR.compareAndSet(this, null, failure)) {
            Operators.onErrorDropped(failure, actual.currentContext());
            return;
        }
        done = true;
        unregister();
        wakeProducer();
        drain(false);
    }

    // ---- consumer side: Subscription --------------------------------------------------------------------------

    @Override
    public void request(long n) {
        if (n <= 0) {
            fail(new IllegalArgumentException(
                    "Reactive Streams §3.9: request(n) needs n > 0, got " + n + " on the flux of '" + topic + "'"));
            return;
        }
        Operators.addCap(REQUESTED, this, n);
        drain(false);
    }

    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        unregister();
        wakeProducer();
        if (WIP.getAndIncrement(this) == 0) {
            discardBuffer();
        }
    }

    private void drain(boolean onProducer) {
        if (WIP.getAndIncrement(this) == 0) {
            drainLoop(onProducer);
        }
    }

    /**
     * Emits what is buffered as far as demand goes, then terminal signals. {@code onProducer}: running inside the
     * handler, so no producer can be blocked waiting for this loop.
     */
    private void drainLoop(boolean onProducer) {
        MessagePassingQueue<T> q = queue;
        CoreSubscriber<? super T> a = actual;
        int missed = 1;
        for (; ; ) {
            long r = requested;
            long e = 0;
            while (e != r) {
                if (cancelled) {
                    discardBuffer();
                    return;
                }
                boolean d = done;
                Throwable ex = error;
                if (d && ex != null) {
                    discardBuffer();
                    a.onError(ex);
                    return;
                }
                T m = q.poll();
                if (m == null) {
                    if (d) {
                        a.onComplete();
                        return;
                    }
                    break;
                }
                if (!emit(m)) {
                    return;
                }
                e++;
            }
            if (e == r) {
                if (cancelled) {
                    discardBuffer();
                    return;
                }
                if (done) {
                    Throwable ex = error;
                    if (ex != null) {
                        discardBuffer();
                        a.onError(ex);
                        return;
                    }
                    if (q.isEmpty()) {
                        a.onComplete();
                        return;
                    }
                }
            }
            if (e != 0) {
                if (r != Long.MAX_VALUE) {
                    REQUESTED.addAndGet(this, -e);
                }
                if (!onProducer && overflow == Overflow.BLOCK) {
                    wakeProducer();
                }
            }
            missed = WIP.addAndGet(this, -missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** Calls onNext; a subscriber that throws (§2.13) is treated as cancelled and the error goes to Reactor's hook. */
    private boolean emit(T m) {
        try {
            actual.onNext(m);
            return true;
        } catch (Throwable t) {
            Exceptions.throwIfJvmFatal(t);
            cancelled = true;
            unregister();
            discardBuffer();
            Context context = actual.currentContext();
            Operators.onErrorDropped(Operators.onOperatorError(null, t, m, context), context);
            return false;
        }
    }

    private void wakeProducer() {
        VarHandle.fullFence(); // order our poll (a release store) before reading the waiter, as the waiter does
        Thread producer = blockedProducer;
        if (producer != null) {
            LockSupport.unpark(producer);
        }
    }

    private void discardBuffer() {
        Context context = actual.currentContext();
        for (T m; (m = queue.poll()) != null; ) {
            Operators.onDiscard(m, context);
        }
    }

    // ---- introspection ----------------------------------------------------------------------------------------

    @Override
    @SuppressWarnings("rawtypes") // Scannable.Attr is generic; scanUnsafe takes it raw
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.ACTUAL) {
            return actual;
        }
        if (key == Attr.BUFFERED) {
            return queue.size();
        }
        if (key == Attr.CAPACITY || key == Attr.PREFETCH) {
            return bufferSize;
        }
        if (key == Attr.REQUESTED_FROM_DOWNSTREAM) {
            return requested;
        }
        if (key == Attr.CANCELLED) {
            return cancelled;
        }
        if (key == Attr.TERMINATED) {
            return done;
        }
        if (key == Attr.ERROR) {
            return error;
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.ASYNC;
        }
        return null;
    }

    @Override
    public String toString() {
        return "FluxSubscriber[" + topic + ", " + overflow + ", buffer " + bufferSize + "]";
    }
}
