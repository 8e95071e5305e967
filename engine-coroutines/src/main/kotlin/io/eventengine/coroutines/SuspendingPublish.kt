package io.eventengine.coroutines

import io.eventengine.core.EventEngine
import io.eventengine.core.PublishOptions
import io.eventengine.core.QueueFullException
import io.eventengine.core.Topic
import io.eventengine.core.spi.EngineSupport
import java.util.concurrent.atomic.AtomicReference
import kotlin.coroutines.resume
import kotlin.time.toKotlinDuration
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withTimeoutOrNull

/**
 * The suspending publish: puts a message with positional [args] and named [kwargs] on the exact
 * [topic], waiting for room on a full queue as the engine's `publishOptions()` say (those of the
 * builder, [PublishOptions.BLOCKING] by default); see the overload with [PublishOptions] for what
 * each option does.
 *
 * (There is no suspending `publish` or `put`: the Java members of that name would shadow it. The
 * member `tryPublish` is the verb that never waits.)
 *
 * @throws IllegalArgumentException when [topic] is a pattern
 * @throws QueueFullException when the options' timeout ran out; nothing was queued
 * @throws IllegalStateException when the engine is closed, also when it closes while this call
 *   waits
 */
public suspend fun EventEngine.emit(
    topic: Topic,
    vararg args: Any?,
    kwargs: Map<String, Any?> = emptyMap(),
): Unit = emitWith(topic, publishOptions(), args.asList(), kwargs)

/** Same as [EventEngine.emit] with the topic parsed by [Topic.of]. */
public suspend fun EventEngine.emit(
    topic: String,
    vararg args: Any?,
    kwargs: Map<String, Any?> = emptyMap(),
): Unit = emitWith(Topic.of(topic), publishOptions(), args.asList(), kwargs)

/**
 * Puts a message with positional [args] and named [kwargs] on the exact [topic], waiting for room
 * on a full queue as [options] say, by suspending:
 * - [PublishOptions.BLOCKING] (timeout `EventEngine.FOREVER`): suspends until there is room, or
 *   until the engine closes;
 * - [PublishOptions.NON_BLOCKING] (timeout zero): throws [QueueFullException] at once;
 * - `PublishOptions.waitAtMost(t)`: suspends at most `t` (in the coroutine's time: virtual time
 *   under `runTest`), then throws [QueueFullException]. The wait counts as one rejected put in
 *   `engine.stats().rejectedPuts`, however many times it retried; a wait that gets in counts none.
 *
 * It never blocks a thread and never polls: when the queue is full it suspends until the dispatcher
 * frees room (`EngineSupport.whenRoomAvailable`), then tries again; `maxSpin` does not apply. It is
 * cancellable (under `withTimeout` too): a cancelled call has published nothing and never will,
 * counts no rejected put, and leaves the engine holding no reference to its coroutine. A call from
 * an already cancelled coroutine throws `CancellationException` without publishing.
 *
 * From a handler (running on the dispatcher thread, through `runBlocking`) it never waits, as the
 * blocking `publish` never does there: the dispatcher is what frees room, so a full queue throws
 * [QueueFullException] at once.
 *
 * @throws IllegalArgumentException when [topic] is a pattern
 * @throws QueueFullException as [options] say; nothing was queued
 * @throws IllegalStateException when the engine is closed, and at once when it closes while this
 *   call waits (the message was not accepted)
 */
public suspend fun EventEngine.emit(
    topic: Topic,
    options: PublishOptions,
    vararg args: Any?,
    kwargs: Map<String, Any?> = emptyMap(),
): Unit = emitWith(topic, options, args.asList(), kwargs)

/** Same as the [EventEngine.emit] with [PublishOptions], with the topic parsed by [Topic.of]. */
public suspend fun EventEngine.emit(
    topic: String,
    options: PublishOptions,
    vararg args: Any?,
    kwargs: Map<String, Any?> = emptyMap(),
): Unit = emitWith(Topic.of(topic), options, args.asList(), kwargs)

/** Every emit: [args] is a view of the caller's varargs array, which `offer` copies. */
private suspend fun EventEngine.emitWith(
    topic: Topic,
    options: PublishOptions,
    args: List<Any?>,
    kwargs: Map<String, Any?>,
) {
    currentCoroutineContext().ensureActive()
    val support = EngineSupport.of(this)
    if (support.offer(topic, args, kwargs, options.retain())) {
        return
    }
    if (!options.waits() || support.isDispatcherThread()) {
        support.recordRejectedPut(topic, 0)
        throw QueueFullException(
            if (options.waits()) {
                "Queue full (capacity ${capacity()}) and this emit comes from a handler on the " +
                    "dispatcher thread, which must never wait for room since it is what frees it: " +
                    "the message on '$topic' was not queued. Emit from a coroutine of your own"
            } else {
                "Queue full (capacity ${capacity()}): the message on '$topic' was not queued " +
                    "(PublishOptions.NON_BLOCKING). Emit with options that wait for room " +
                    "(PublishOptions.waitAtMost(timeout) or BLOCKING), slow the producer, or " +
                    "raise the capacity"
            }
        )
    }
    if (options.waitsForever()) {
        support.retryUntilQueued(topic, args, kwargs, options.retain())
        return
    }
    // Set by the block itself, so that a timeout racing with a successful offer cannot turn a
    // queued message into a QueueFullException.
    var queued = false
    val waitStart = System.nanoTime()
    withTimeoutOrNull(options.timeout().toKotlinDuration()) {
        support.retryUntilQueued(topic, args, kwargs, options.retain())
        queued = true
    }
    if (!queued) {
        support.recordRejectedPut(topic, System.nanoTime() - waitStart)
        throw QueueFullException(
            "Queue full (capacity ${capacity()}): no room for the message on '$topic' within " +
                "${options.timeout().toKotlinDuration()}; it was not queued. Give consumers more " +
                "time (a longer timeout), slow the producer, or raise the capacity"
        )
    }
}

/** Suspends until the message is queued; `offer` throws once the engine closes. */
private suspend fun EngineSupport.retryUntilQueued(
    topic: Topic,
    args: List<Any?>,
    kwargs: Map<String, Any?>,
    retain: Boolean,
) {
    while (!offer(topic, args, kwargs, retain)) {
        awaitRoomOrClose()
    }
}

/**
 * Suspends until the queue may have room (another producer may take it first: the caller retries)
 * or the engine closes (closing runs every room callback at once, so the caller's next offer
 * throws).
 */
private suspend fun EngineSupport.awaitRoomOrClose() {
    val waiter = RoomWaiter()
    val removeCloseCallback = whenClosed(waiter)
    try {
        suspendCancellableCoroutine { continuation ->
            if (waiter.arm(continuation)) {
                whenRoomAvailable(waiter) // may run at once, on this thread
            } else {
                continuation.resume(Unit) // closed in the meantime
            }
        }
    } finally {
        // Whatever happened, the engine's callbacks now hold an empty box, not this coroutine.
        waiter.disarm()
        removeCloseCallback.run()
    }
}

/**
 * The engine's callback for one wait: resumes the coroutine once, from whichever thread calls it
 * first (the dispatcher after freeing room, or the thread that closes the engine).
 */
private class RoomWaiter : Runnable {
    private val state = AtomicReference<Any?>(null) // null, FIRED, DONE or the continuation

    /** False when the callback already ran (before the coroutine suspended). */
    fun arm(continuation: CancellableContinuation<Unit>): Boolean =
        state.compareAndSet(null, continuation)

    fun disarm() {
        state.set(DONE)
    }

    override fun run() {
        while (true) {
            val current = state.get()
            when {
                current === FIRED || current === DONE -> return
                current == null -> if (state.compareAndSet(null, FIRED)) return
                state.compareAndSet(current, DONE) -> {
                    @Suppress("UNCHECKED_CAST")
                    (current as CancellableContinuation<Unit>).resume(Unit) // ignored if cancelled
                    return
                }
            }
        }
    }

    private companion object {
        val FIRED = Any()
        val DONE = Any()
    }
}
