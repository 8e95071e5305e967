package io.eventengine.coroutines

import io.eventengine.core.EventEngine
import io.eventengine.core.MessagePayload
import io.eventengine.core.Topic
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

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
 * `Market.Data.{symbol}`). Topics match by their literal: a flow on `Topic.join("a", "600010.SH")`
 * receives what is published on `"a.600010.SH"`.
 *
 * Each collection registers its own handler on the engine when it starts (synchronously, before its
 * first suspension: `launch(start = CoroutineStart.UNDISPATCHED) { flow.collect { … } }` returns
 * once the subscription exists) and unregisters it when the collector completes, fails or is
 * cancelled. The dispatcher thread puts each message into that collector's own buffer of [capacity]
 * messages (`Channel.UNLIMITED` for no bound), so every collector sees its messages in dispatch
 * order, and a slow collector affects only itself, as [onBufferOverflow] says when its buffer is
 * full:
 * - [BufferOverflow.SUSPEND] with a positive [suspendTimeout] is `Overflow.BLOCK`: the dispatcher
 *   waits for room in the buffer, for at most [suspendTimeout] (`Duration.INFINITE`: for ever);
 *   meanwhile the engine's queue fills and producers wait (end-to-end backpressure). When the time
 *   is up the collector receives what its buffer holds and then fails with a
 *   [SubscriberOverflowException] naming the pattern, the capacity and the policy; its handler is
 *   unregistered at once, and the engine and the other collectors go on.
 * - [BufferOverflow.SUSPEND] with `suspendTimeout = Duration.ZERO` is `Overflow.FAIL`, the
 *   fail-fast choice: the collector fails the same way as soon as a message finds its buffer full.
 * - [BufferOverflow.DROP_OLDEST] / [BufferOverflow.DROP_LATEST] (`Overflow.DROP_OLDEST` /
 *   `DROP_LATEST`): the oldest buffered / the new message is dropped, and counted in
 *   `engine.stats().subscriberDrops`; [suspendTimeout] is ignored.
 *
 * A collector that has caught up suspends, and the dispatcher resumes it once per batch it
 * dispatched (not once per message), so it sees a message at the latest when the batch that carried
 * it ends.
 *
 * The flow completes when the engine is closed, after the messages `close()` delivered. Collecting
 * the flow of an engine that is closed already throws the engine's [IllegalStateException] from
 * `collect` (not when the flow is made). Operators like `buffer()` or `conflate()` after it add a
 * second stage; they do not change this one.
 *
 * Never let a collector of a [BufferOverflow.SUSPEND] flow wait for the engine (e.g. a suspending
 * [emit] into a full queue): the dispatcher waits for the collector, and only the timeout ends it.
 *
 * @throws IllegalArgumentException when [capacity] is below 1 or [suspendTimeout] is negative
 */
public fun EventEngine.flow(
    pattern: Topic,
    capacity: Int = EngineFlows.DEFAULT_CAPACITY,
    onBufferOverflow: BufferOverflow = BufferOverflow.SUSPEND,
    suspendTimeout: Duration = EngineFlows.DEFAULT_SUSPEND_TIMEOUT,
): Flow<MessagePayload> =
    subscriptionFlow(pattern, capacity, onBufferOverflow, suspendTimeout) { it }

/**
 * Same as [EventEngine.flow] with the pattern parsed (and checked) by [Topic.of] at once.
 *
 * @throws io.eventengine.core.TopicSyntaxException at once, for a malformed pattern
 */
public fun EventEngine.flow(
    pattern: String,
    capacity: Int = EngineFlows.DEFAULT_CAPACITY,
    onBufferOverflow: BufferOverflow = BufferOverflow.SUSPEND,
    suspendTimeout: Duration = EngineFlows.DEFAULT_SUSPEND_TIMEOUT,
): Flow<MessagePayload> = flow(Topic.of(pattern), capacity, onBufferOverflow, suspendTimeout)

/**
 * A cold flow of the typed messages on [pattern] whose value is a [T]: `engine.flow<Quote>("Quotes.
 * {symbol}")` emits each matching message's `MessagePayload.valueAs(Quote::class.java)`.
 *
 * The skip rule (the engine's, for typed handlers): a typed message is one whose only positional
 * argument is one non-null object; every other message on [pattern] (no argument, several, a null
 * one, or one of another type; keyword arguments do not matter) is skipped by the dispatcher before
 * it reaches this collector's buffer, so it takes no room, counts as no drop and cannot overflow
 * it. Several typed flows (and typed handlers) of different types can therefore share a pattern,
 * like subscribers of a type-routed event bus. For a Kotlin primitive (`flow<Int>`) the boxed type
 * is matched.
 *
 * Everything else is as for the untyped [EventEngine.flow]: [capacity], [onBufferOverflow] and
 * [suspendTimeout] apply to the delivered values, and the flow completes when the engine closes.
 *
 * @throws IllegalArgumentException when [capacity] is below 1 or [suspendTimeout] is negative
 */
@JvmName("flowOfType")
public inline fun <reified T : Any> EventEngine.flow(
    pattern: Topic,
    capacity: Int = EngineFlows.DEFAULT_CAPACITY,
    onBufferOverflow: BufferOverflow = BufferOverflow.SUSPEND,
    suspendTimeout: Duration = EngineFlows.DEFAULT_SUSPEND_TIMEOUT,
): Flow<T> =
    typedFlowOf(pattern, T::class.javaObjectType, capacity, onBufferOverflow, suspendTimeout)

/**
 * Same as the typed [EventEngine.flow] with the pattern parsed (and checked) by [Topic.of] at once.
 *
 * @throws io.eventengine.core.TopicSyntaxException at once, for a malformed pattern
 */
@JvmName("flowOfType")
public inline fun <reified T : Any> EventEngine.flow(
    pattern: String,
    capacity: Int = EngineFlows.DEFAULT_CAPACITY,
    onBufferOverflow: BufferOverflow = BufferOverflow.SUSPEND,
    suspendTimeout: Duration = EngineFlows.DEFAULT_SUSPEND_TIMEOUT,
): Flow<T> =
    typedFlowOf(
        Topic.of(pattern),
        T::class.javaObjectType,
        capacity,
        onBufferOverflow,
        suspendTimeout,
    )

/** The typed flow's body, out of line. */
@PublishedApi
internal fun <T : Any> EventEngine.typedFlowOf(
    pattern: Topic,
    type: Class<T>,
    capacity: Int,
    onBufferOverflow: BufferOverflow,
    suspendTimeout: Duration,
): Flow<T> =
    subscriptionFlow(pattern, capacity, onBufferOverflow, suspendTimeout) { it.valueAs(type) }

/**
 * Every pattern flow: [convert] runs on the dispatcher thread and skips a message by returning
 * null; [afterOpen] runs once the subscription exists (e.g. to create the timer it listens to).
 */
internal fun <T : Any> EventEngine.subscriptionFlow(
    pattern: Topic,
    capacity: Int,
    onBufferOverflow: BufferOverflow,
    suspendTimeout: Duration,
    afterOpen: () -> Unit = {},
    convert: (MessagePayload) -> T?,
): Flow<T> {
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
            FlowSubscription(engine, pattern, capacity, onBufferOverflow, suspendTimeout, convert)
        try {
            subscription.open()
            afterOpen()
            val buffer = subscription.buffer
            // CollectorBuffer.take's steps, inline: a value found costs no suspending call, and
            // the continuation a wait suspends is this loop's, made once per collection.
            while (true) {
                val value = buffer.poll()
                if (value != null) {
                    emit(value)
                } else if (buffer.isFinished()) {
                    break
                } else {
                    buffer.awaitValues()
                }
            }
        } finally {
            subscription.close()
        }
    }
}
