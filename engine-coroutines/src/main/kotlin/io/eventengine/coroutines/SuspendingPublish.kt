package io.eventengine.coroutines

import io.eventengine.core.EventEngine
import io.eventengine.core.Topic
import java.util.concurrent.atomic.AtomicReference
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * Puts a message with positional [args] and named [kwargs] on the exact [topic], suspending while
 * the engine's queue is full.
 *
 * It never blocks a thread and never polls: when the queue is full it suspends until the dispatcher
 * frees room (`EventEngine.whenRoomAvailable`), then tries again. It is cancellable (so it works
 * under `withTimeout`): a cancelled call has published nothing and never will, and leaves the
 * engine holding no reference to its coroutine. A call from an already cancelled coroutine throws
 * `CancellationException` without publishing.
 *
 * Never call it from a handler (through `runBlocking`): handlers run on the dispatcher thread,
 * which is what frees room, so it would wait for itself; the blocking `put` fails fast there.
 *
 * @throws IllegalArgumentException when [topic] is a pattern
 * @throws IllegalStateException when the engine is closed, also while this call waits
 */
public suspend fun EventEngine.emit(
    topic: Topic,
    vararg args: Any?,
    kwargs: Map<String, Any?> = emptyMap(),
) {
    currentCoroutineContext().ensureActive()
    val argList = args.asList() // tryPublish copies it
    while (!tryPublish(topic, argList, kwargs)) {
        awaitRoomOrClose()
    }
}

/** Same as [EventEngine.emit] with the topic parsed by [Topic.of]. */
public suspend fun EventEngine.emit(
    topic: String,
    vararg args: Any?,
    kwargs: Map<String, Any?> = emptyMap(),
): Unit = emit(Topic.of(topic), *args, kwargs = kwargs)

/**
 * The suspending publish: the same as [EventEngine.emit], under the engine's own verb.
 *
 * Mind the member: `engine.publish(topic, list, map)` with exactly a `List` and a `Map` as
 * positional arguments calls the blocking `EventEngine.publish(Topic, List, Map)`, since members
 * win; name the kwargs (`kwargs = map`) or call [emit], which is never ambiguous.
 */
public suspend fun EventEngine.publish(
    topic: Topic,
    vararg args: Any?,
    kwargs: Map<String, Any?> = emptyMap(),
): Unit = emit(topic, *args, kwargs = kwargs)

/** Same as [EventEngine.publish] (the suspending one) with the topic parsed by [Topic.of]. */
public suspend fun EventEngine.publish(
    topic: String,
    vararg args: Any?,
    kwargs: Map<String, Any?> = emptyMap(),
): Unit = emit(Topic.of(topic), *args, kwargs = kwargs)

/**
 * Suspends until the queue may have room (another producer may take it first: the caller retries)
 * or the engine closes (the caller's next put then throws).
 */
private suspend fun EventEngine.awaitRoomOrClose() {
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
