package io.eventengine.coroutines

import io.eventengine.core.EventEngine
import io.eventengine.core.EventHandler
import io.eventengine.core.MessagePayload
import io.eventengine.core.QueueFullException
import io.eventengine.core.Topic
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ClosedSendChannelException
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeoutOrNull

/** Defaults of [EventEngine.flow]. */
public object EngineFlows {
    /** Buffer of a flow when none is given: one dispatcher batch. */
    public const val DEFAULT_CAPACITY: Int = 256

    /**
     * How long the dispatcher waits, by default, for room in the full buffer of a
     * [BufferOverflow.SUSPEND] flow before it fails that collector: the engine's default close
     * timeout, so a stuck collector stalls the engine for a bounded time only.
     */
    public val DEFAULT_SUSPEND_TIMEOUT: Duration = 30.seconds
}

/**
 * A cold flow of the messages whose topic matches [pattern] (exact or a pattern such as
 * `Market.Data.{symbol}`).
 *
 * Each collection registers its own handler on the engine when it starts (synchronously, before its
 * first suspension: `launch(start = CoroutineStart.UNDISPATCHED) { flow.collect { … } }` returns
 * once the subscription exists) and unregisters it when the collector completes, fails or is
 * cancelled. The dispatcher thread puts each message into that collector's own buffer of [capacity]
 * messages (`Channel.UNLIMITED` for no bound), so every collector sees its messages in dispatch
 * order, and a slow collector affects only itself, as [onBufferOverflow] says when its buffer is
 * full:
 * - [BufferOverflow.SUSPEND]: the engine's block semantics. The dispatcher waits for room in the
 *   buffer, for at most [suspendTimeout] (`Duration.INFINITE`: for ever); meanwhile the engine's
 *   queue fills and producers wait (end-to-end backpressure). When the time is up the collector
 *   receives what its buffer holds and then fails with a [QueueFullException] naming the pattern
 *   and the capacity; its handler is unregistered at once. `suspendTimeout = Duration.ZERO` is the
 *   fail-fast choice: the engine's `Full`, for a collector.
 * - [BufferOverflow.DROP_OLDEST] / [BufferOverflow.DROP_LATEST]: the oldest buffered / the new
 *   message is dropped, and counted in `engine.stats().subscriberDrops`; [suspendTimeout] is
 *   ignored.
 *
 * The flow completes when the engine is closed, after the messages `close()` delivered. Operators
 * like `buffer()` or `conflate()` after it add a second stage; they do not change this one.
 *
 * Never let a collector of a [BufferOverflow.SUSPEND] flow wait for the engine (e.g. a suspending
 * [emit] into a full queue): the dispatcher waits for the collector, and only the timeout ends it.
 *
 * @throws io.eventengine.core.TopicSyntaxException from the `String` overload, at once
 * @throws IllegalArgumentException when [capacity] is below 1 or [suspendTimeout] is negative
 */
public fun EventEngine.flow(
    pattern: Topic,
    capacity: Int = EngineFlows.DEFAULT_CAPACITY,
    onBufferOverflow: BufferOverflow = BufferOverflow.SUSPEND,
    suspendTimeout: Duration = EngineFlows.DEFAULT_SUSPEND_TIMEOUT,
): Flow<MessagePayload> {
    require(capacity >= 1) {
        "capacity must be >= 1 (Channel.UNLIMITED for no bound), got $capacity: a flow buffers " +
            "for each collector, so Channel.RENDEZVOUS, CONFLATED and BUFFERED do not apply; " +
            "pick a size and an onBufferOverflow policy"
    }
    require(!suspendTimeout.isNegative()) {
        "suspendTimeout must be >= 0 (zero fails fast, Duration.INFINITE waits for ever), got $suspendTimeout"
    }
    val engine = this
    return flow {
        val subscription =
            FlowSubscription(engine, pattern, capacity, onBufferOverflow, suspendTimeout)
        try {
            subscription.open()
            for (message in subscription.channel) {
                emit(message)
            }
        } finally {
            subscription.close()
        }
    }
}

/** Same as [EventEngine.flow] with the pattern parsed (and checked) by [Topic.of] at once. */
public fun EventEngine.flow(
    pattern: String,
    capacity: Int = EngineFlows.DEFAULT_CAPACITY,
    onBufferOverflow: BufferOverflow = BufferOverflow.SUSPEND,
    suspendTimeout: Duration = EngineFlows.DEFAULT_SUSPEND_TIMEOUT,
): Flow<MessagePayload> = flow(Topic.of(pattern), capacity, onBufferOverflow, suspendTimeout)

/**
 * One collection of a pattern flow: the handler on the engine (called on the dispatcher thread
 * only, one message at a time, so it is the channel's single producer) and the collector's buffer.
 */
private class FlowSubscription(
    private val engine: EventEngine,
    private val pattern: Topic,
    private val capacity: Int,
    private val overflow: BufferOverflow,
    private val suspendTimeout: Duration,
) : EventHandler {
    /** Policies are applied here, not by the channel, so that drops can be counted. */
    val channel = Channel<MessagePayload>(capacity)

    @Volatile private var removeCloseCallback: Runnable? = null

    fun open() {
        engine.register(pattern, this)
        // After register: a close that races with it still ends this collection.
        removeCloseCallback = engine.whenClosed { channel.close() }
    }

    /** On the collector's side, whatever ended the collection; idempotent. */
    fun close() {
        removeCloseCallback?.run()
        engine.unregister(pattern, this)
        channel.cancel() // wakes a dispatcher waiting for room; what is buffered goes
    }

    override fun handle(message: MessagePayload) {
        val sent = channel.trySend(message)
        if (sent.isSuccess || sent.isClosed) {
            return // delivered, or the collector is gone and its handler on the way out
        }
        when (overflow) {
            BufferOverflow.DROP_LATEST -> engine.recordSubscriberDrops(1)
            BufferOverflow.DROP_OLDEST -> dropOldest(message)
            BufferOverflow.SUSPEND -> awaitRoom(message)
        }
    }

    private fun dropOldest(message: MessagePayload) {
        while (true) { // ends: this is the only producer, so once the head is gone there is room
            if (channel.tryReceive().isSuccess) {
                engine.recordSubscriberDrops(1)
            }
            val sent = channel.trySend(message)
            if (sent.isSuccess || sent.isClosed) {
                return
            }
        }
    }

    /** Blocks the dispatcher thread, as a blocking put blocks a producer, for a bounded time. */
    private fun awaitRoom(message: MessagePayload) {
        val sent =
            suspendTimeout.isPositive() &&
                try {
                    // The dispatcher signals room after each batch, and this one stalls here: hand
                    // the room it has freed to producers suspended in emit (see whenRoomAvailable).
                    engine.whenRoomAvailable(NO_OP)
                    runBlocking {
                        withTimeoutOrNull(suspendTimeout) { channel.send(message) } != null
                    }
                } catch (e: ClosedSendChannelException) {
                    return // the engine closed meanwhile
                } catch (e: CancellationException) {
                    return // the collector went away meanwhile
                }
        if (!sent) {
            overflowed()
        }
    }

    private fun overflowed() {
        engine.unregister(pattern, this)
        val why =
            if (suspendTimeout.isPositive()) {
                "stayed full for $suspendTimeout while the dispatcher waited " +
                    "(onBufferOverflow = SUSPEND, suspendTimeout = $suspendTimeout)"
            } else {
                "was full and suspendTimeout is zero (fail fast)"
            }
        channel.close(
            QueueFullException(
                "Flow on '$pattern' overflowed: its buffer (capacity $capacity) $why, so this " +
                    "collector fails after the buffered messages and is unregistered; the other " +
                    "collectors and the engine go on. Collect faster, raise the capacity or the " +
                    "suspendTimeout, or drop with BufferOverflow.DROP_OLDEST / DROP_LATEST"
            )
        )
    }

    private companion object {
        val NO_OP = Runnable {}
    }

    override fun toString(): String =
        "engine.flow('$pattern', capacity = $capacity, $overflow, suspendTimeout = $suspendTimeout)"
}
