package io.eventengine.coroutines

import io.eventengine.core.EventEngine
import io.eventengine.core.EventHandler
import io.eventengine.core.MessagePayload
import io.eventengine.core.Overflow
import io.eventengine.core.SubscriberOverflowException
import io.eventengine.core.Topic
import io.eventengine.core.spi.EngineSupport
import kotlin.time.Duration
import kotlinx.coroutines.channels.BufferOverflow

/**
 * One collection of a pattern flow: the handler on the engine (called on the dispatcher thread
 * only, one message at a time, so it is the [buffer]'s single producer) and the collector's
 * [CollectorBuffer]. The handler queues each value with one ordered write and wakes the collector
 * once per dispatcher batch (`EngineSupport.afterBatch`), so a collector that keeps up costs one
 * `resume` per batch, not per message.
 */
internal class FlowSubscription<T : Any>(
    private val engine: EventEngine,
    private val pattern: Topic,
    private val capacity: Int,
    private val overflow: BufferOverflow,
    private val suspendTimeout: Duration,
    private val convert: (MessagePayload) -> T?,
) : EventHandler {
    private val support = EngineSupport.of(engine)

    /** Policies are applied here, not by the buffer, so that drops can be counted. */
    val buffer =
        CollectorBuffer<T>(capacity, producerPolls = overflow == BufferOverflow.DROP_OLDEST)

    /** Dispatching thread only: a wake-up of the collector is queued for the end of this batch. */
    private var wakeQueued = false
    private val wake = Runnable {
        wakeQueued = false
        if (buffer.wakeConsumer()) {
            support.consumerWoken()
        }
    }

    @Volatile private var removeCloseCallback: Runnable? = null

    /** @throws IllegalStateException when the engine is closed (register's own error) */
    fun open() {
        engine.register(pattern, this)
        // After register: a close that races with it still ends this collection.
        removeCloseCallback = support.whenClosed { buffer.close(null) }
    }

    /** On the collector's side, whatever ended the collection; idempotent. */
    fun close() {
        removeCloseCallback?.run()
        engine.unregister(pattern, this)
        buffer.cancel() // wakes a dispatcher waiting for room; what is buffered goes
    }

    override fun handle(message: MessagePayload) {
        if (buffer.isClosed || buffer.isCancelled) {
            return // the collector is gone, or failed, and its handler on the way out
        }
        val value = convert(message) ?: return // the typed flows' skip rule
        if (!buffer.offer(value)) {
            when (overflow) {
                BufferOverflow.DROP_LATEST -> {
                    support.recordSubscriberDrop(pattern, message)
                    return
                }
                BufferOverflow.DROP_OLDEST -> dropOldest(value)
                BufferOverflow.SUSPEND -> if (!awaitRoom(value)) return
            }
        }
        if (!wakeQueued) {
            wakeQueued = true
            support.afterBatch(wake) // runs at once when this is not the dispatcher's batch
        }
    }

    private fun dropOldest(value: T) {
        while (
            !buffer.offer(value)
        ) { // ends: this is the only producer, so once the head is gone there is room
            val oldest = buffer.pollOldest()
            if (oldest != null) {
                support.recordSubscriberDrop(pattern, oldest as? MessagePayload)
            }
        }
    }

    /** Blocks the dispatcher thread, as a blocking put blocks a producer, for a bounded time. */
    private fun awaitRoom(value: T): Boolean {
        if (!suspendTimeout.isPositive()) {
            overflowed(
                Overflow.FAIL,
                "was full and suspendTimeout is zero (fail fast: " +
                    "onBufferOverflow = SUSPEND, suspendTimeout = 0s)",
            )
            return false
        }
        // Runs the wake-up queued for this batch (the collector may sleep on the values that filled
        // its buffer) and lets producers waiting for the room this batch freed in.
        support.beforeBlocking()
        when (buffer.awaitRoom(suspendTimeout.inWholeNanoseconds /* INFINITE: Long.MAX_VALUE */)) {
            CollectorBuffer.ROOM -> return buffer.offer(value)
            CollectorBuffer.TIMED_OUT ->
                overflowed(
                    Overflow.BLOCK,
                    "was full for $suspendTimeout while the dispatcher waited " +
                        "(onBufferOverflow = SUSPEND, suspendTimeout = $suspendTimeout)",
                )
            CollectorBuffer.INTERRUPTED ->
                overflowed(
                    Overflow.BLOCK,
                    "was full (onBufferOverflow = SUSPEND) and the dispatcher was interrupted " +
                        "while waiting for room (the interrupt status is kept)",
                )
        }
        return false // or GONE: the engine closed or the collector went away meanwhile
    }

    private fun overflowed(policy: Overflow, why: String) {
        engine.unregister(pattern, this)
        buffer.close(SubscriberOverflowException(pattern, capacity, policy, why))
    }

    override fun toString(): String =
        "engine.flow('$pattern', capacity = $capacity, $overflow, suspendTimeout = $suspendTimeout)"
}
