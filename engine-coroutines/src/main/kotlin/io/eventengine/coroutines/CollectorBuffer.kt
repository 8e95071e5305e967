package io.eventengine.coroutines

import java.lang.invoke.VarHandle
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater
import java.util.concurrent.locks.LockSupport
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.suspendCancellableCoroutine
import org.jctools.queues.MessagePassingQueue
import org.jctools.queues.atomic.MpmcAtomicArrayQueue
import org.jctools.queues.atomic.SpscAtomicArrayQueue
import org.jctools.queues.atomic.SpscUnboundedAtomicArrayQueue

/**
 * The buffer between the engine's dispatcher, its one producer, and one flow collector, its one
 * consumer: a JCTools single-producer single-consumer array queue (multi-consumer when the producer
 * drops the oldest value too) holding at most [capacity] values ([Channel.UNLIMITED]: unbounded),
 * and one suspended continuation of the collector when the queue is empty.
 *
 * Per value the producer pays one ordered write ([offer]); it wakes the collector with
 * [wakeConsumer] once per dispatcher batch, and only a suspended collector costs a `resume` (a
 * dispatch to the collector's dispatcher). The handshake is a Dekker pair with a fence on each
 * side: the collector stores itself in `waiter` (volatile) and then looks at the queue (volatile
 * loads); the producer's index store is only a release store, so [wakeConsumer] issues a full fence
 * before it reads `waiter`. Whoever takes `waiter` off (a CAS) resumes it, so a continuation is
 * resumed once.
 *
 * A full buffer and [awaitRoom]: the producer publishes itself in `blockedProducer` and re-checks
 * for room; after each value it takes, the collector reads `blockedProducer` and unparks it. That
 * read has no fence of its own, so it can miss a producer that is just parking; the producer's
 * parks are bounded (1 µs doubling to 1 ms) and the collector reads again after the next value, so
 * such a miss costs time, never a value. The Flux side's BLOCK policy waits the same way
 * (engine-reactor's TopicSubscription).
 */
internal class CollectorBuffer<T : Any>(private val capacity: Int, producerPolls: Boolean) {
    private val queue: MessagePassingQueue<T> =
        when {
            capacity == Channel.UNLIMITED -> SpscUnboundedAtomicArrayQueue(UNBOUNDED_CHUNK)
            // The producer polls too; a spare slot keeps an in-flight poll from stalling its offer.
            producerPolls -> MpmcAtomicArrayQueue(maxOf(2, capacity + 1))
            else -> SpscAtomicArrayQueue(capacity)
        }

    /** Producer-only: values queued, and a lower bound of values taken (refreshed when needed). */
    private var produced = 0L
    private var takenAtLeast = 0L

    /**
     * The value handed to a collector that waited on an empty buffer, outside [queue]: as with a
     * kotlinx `Channel`, it is the collector's own, so it neither counts against [capacity] nor is
     * dropped as the oldest. Handed over only to a collector the producer took off [waiter] (a CAS,
     * so a collector that resumed itself or was cancelled is never handed a value), while the queue
     * is empty, so it is always older than what the queue holds.
     */
    @Volatile private var handedOver: T? = null

    /**
     * Producer-only: the collector it took off [waiter] with a value, resumed by [wakeConsumer].
     */
    private var claimed: CancellableContinuation<Boolean>? = null

    @Volatile private var waiter: CancellableContinuation<Boolean>? = null
    @Volatile private var blockedProducer: Thread? = null
    @Volatile private var failure: Throwable? = null

    /** No more values: the engine closed or the flow failed; set after the last offer. */
    @Volatile
    var isClosed: Boolean = false
        private set

    /** The collector is gone. */
    @Volatile
    var isCancelled: Boolean = false
        private set

    // ---- producer side: the dispatcher thread -------------------------------------------------

    /**
     * Whether the queue has room: reads the consumer's index only when the cached one says full.
     */
    fun hasRoom(): Boolean {
        if (produced - takenAtLeast < capacity) {
            return true
        }
        takenAtLeast =
            produced - queue.size() // size() never under-counts, so this never over-counts
        return produced - takenAtLeast < capacity
    }

    /** Queues [value] when there is room, without waking the collector (see [wakeConsumer]). */
    fun offer(value: T): Boolean {
        val w = waiter
        if (w != null && handedOver == null && isEmpty()) {
            handedOver = value // first, so the collector's look after it took itself off sees it
            if (WAITER.compareAndSet(this, w, null)) {
                claimed = w
                return true
            }
            if (!HANDED.compareAndSet(this, value, null)) {
                return true // the collector, awake after all, took it already
            }
        }
        if (!hasRoom() || !queue.offer(value)) {
            return false
        }
        produced++
        return true
    }

    private fun isEmpty(): Boolean {
        takenAtLeast = produced - queue.size()
        return takenAtLeast == produced
    }

    /** Takes the oldest value off, for a producer that drops it to make room. */
    fun pollOldest(): T? = queue.poll()

    /**
     * Resumes the collector if it waits for values; call after offering, once per batch is enough.
     * Whether it resumed one.
     */
    fun wakeConsumer(): Boolean {
        val c = claimed
        if (c != null) {
            claimed = null
            c.resume(true)
        }
        VarHandle
            .fullFence() // order the offers' release stores before reading waiter, as the collector
        // does
        val w = waiter
        if (w != null && WAITER.compareAndSet(this, w, null)) {
            w.resume(true) // ignored by a continuation that was cancelled meanwhile
            return true
        }
        return c != null
    }

    /**
     * Waits until there is room, spinning briefly and then parking for bounded times, for at most
     * [timeoutNanos] (`Long.MAX_VALUE`: for ever): [ROOM], [GONE] (closed or cancelled meanwhile),
     * [TIMED_OUT] or [INTERRUPTED] (the thread's interrupt status is kept).
     */
    fun awaitRoom(timeoutNanos: Long): Int {
        val me = Thread.currentThread()
        val start = System.nanoTime()
        blockedProducer = me
        try {
            var spins = 0
            var park = MIN_PARK_NANOS
            while (!hasRoom()) {
                if (isClosed || isCancelled) {
                    return GONE
                }
                val left = timeoutNanos - (System.nanoTime() - start)
                if (left <= 0) {
                    return TIMED_OUT
                }
                if (me.isInterrupted) {
                    return INTERRUPTED
                }
                if (spins < PRODUCER_SPINS) {
                    spins++
                    Thread.onSpinWait()
                } else {
                    LockSupport.parkNanos(this, minOf(left, park))
                    park = minOf(park shl 1, MAX_PARK_NANOS)
                }
            }
            return ROOM
        } finally {
            blockedProducer = null
        }
    }

    /**
     * No more values: the collector takes what is buffered, then ends normally or, with a
     * [failure], throws it. Any thread; the first failure is kept.
     */
    fun close(failure: Throwable?) {
        if (failure != null) {
            FAILURE.compareAndSet(this, null, failure)
        }
        isClosed = true
        wakeConsumer()
        blockedProducer?.let(LockSupport::unpark)
    }

    // ---- consumer side: the collector ---------------------------------------------------------

    /**
     * The next value if there is one now, without suspending: the collector's fast path, so that a
     * collector that keeps finding values allocates nothing (a call of the suspending [take]
     * allocates its continuation).
     */
    fun poll(): T? {
        val handed = handedOver
        if (handed != null && HANDED.compareAndSet(this, handed, null)) {
            return handed
        }
        val value = queue.poll() ?: return null
        blockedProducer?.let(LockSupport::unpark)
        return value
    }

    /**
     * The next value, suspending while there is none; null once the buffer is closed and drained,
     * or the failure it was closed with. The flow's own loop calls [poll], [isFinished] and
     * [awaitValues] itself, so that the continuation suspended is the loop's, made once per
     * collection (a call of this function makes one per call).
     */
    suspend fun take(): T? {
        while (true) {
            poll()?.let {
                return it
            }
            if (isFinished()) {
                return null
            }
            awaitValues()
        }
    }

    /**
     * Whether the buffer is closed and every value was taken; throws the failure it was closed
     * with, if any. Closing comes after the last offer, so what that offered is visible now.
     */
    fun isFinished(): Boolean {
        if (!isClosed || handedOver != null || !queue.isEmpty) {
            return false
        }
        failure?.let { throw it }
        return true
    }

    /**
     * Suspends until there may be a value to [poll] (or the buffer closed); returns at once when
     * there is one already. Always true: a non-Unit result, so that the call is a tail call and the
     * continuation resumed is the caller's, with its dispatcher wrapper cached, not one made per
     * suspension. No cancellation handler: a collector cancelled while it waits is resumed by
     * kotlinx, throws from here and closes its subscription (the flow's `finally`), which takes it
     * off [waiter]; until then a value handed to it is lost with the collector itself.
     */
    suspend fun awaitValues(): Boolean = suspendCancellableCoroutine { c ->
        waiter = c // then look again: a producer that offered before this store fences and sees us
        if (handedOver != null || !queue.isEmpty || isClosed) {
            if (WAITER.compareAndSet(this, c, null)) {
                c.resume(true)
            }
        }
    }

    /** The collector is gone: wakes a waiting producer and drops what is buffered. */
    fun cancel() {
        isCancelled = true
        waiter = null // a cancelled collector's continuation, kept by nothing else now
        blockedProducer?.let(LockSupport::unpark)
        handedOver = null
        queue.clear()
    }

    /** What is buffered now (an upper bound while the producer offers). */
    fun size(): Int = queue.size() + (if (handedOver != null) 1 else 0)

    internal companion object {
        const val ROOM: Int = 0
        const val GONE: Int = 1
        const val TIMED_OUT: Int = 2
        const val INTERRUPTED: Int = 3

        private const val UNBOUNDED_CHUNK = 256
        private const val PRODUCER_SPINS = 64
        private const val MIN_PARK_NANOS = 1_000L
        private const val MAX_PARK_NANOS = 1_000_000L

        private val WAITER =
            AtomicReferenceFieldUpdater.newUpdater(
                CollectorBuffer::class.java,
                CancellableContinuation::class.java,
                "waiter",
            )
        private val HANDED =
            AtomicReferenceFieldUpdater.newUpdater(
                CollectorBuffer::class.java,
                Any::class.java,
                "handedOver",
            )
        private val FAILURE =
            AtomicReferenceFieldUpdater.newUpdater(
                CollectorBuffer::class.java,
                Throwable::class.java,
                "failure",
            )
    }
}
