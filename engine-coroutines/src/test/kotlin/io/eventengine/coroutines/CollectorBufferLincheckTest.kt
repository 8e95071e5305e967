package io.eventengine.coroutines

import kotlinx.coroutines.channels.Channel
import org.jetbrains.lincheck.datastructures.IntGen
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions
import org.jetbrains.lincheck.datastructures.Operation
import org.jetbrains.lincheck.datastructures.Param
import org.jetbrains.lincheck.datastructures.StressOptions
import org.junit.jupiter.api.Test

/**
 * The park/resume handshake of [CollectorBuffer] under Lincheck, at capacity 2 so that offers meet
 * a full buffer and the collector an empty one in most interleavings.
 *
 * The producer group is the dispatcher: `offer` is one dispatch batch of one message (the handler's
 * offer, then the batch-end [CollectorBuffer.wakeConsumer]), and `close` is the engine's close,
 * which comes after the last delivery, so it is in the same group. The consumer group is the
 * collector, `take` suspending on an empty buffer.
 *
 * The sequential specification is a kotlinx [Channel] of the same capacity with `trySend` and
 * `receiveCatching`: the buffer promises a channel's semantics, including the value handed to a
 * collector that waits on an empty buffer, which does not count against the capacity. A lost
 * wake-up leaves a `take` suspended where the channel's would have returned, a lost, duplicated or
 * reordered value gives results no linearization of the channel has, and an off-by-one capacity an
 * `offer` result that differs.
 */
@Param(name = "value", gen = IntGen::class, conf = "1:9")
class CollectorBufferLincheckTest {
    private val buffer = CollectorBuffer<Int>(CAPACITY, producerPolls = false)

    @Operation(nonParallelGroup = "producer")
    fun offer(@Param(name = "value") value: Int): Boolean {
        if (buffer.isClosed) {
            return false // as FlowSubscription.handle: nothing is offered after close
        }
        val queued = buffer.offer(value)
        buffer.wakeConsumer()
        return queued
    }

    @Operation(nonParallelGroup = "producer")
    fun close() {
        buffer.close(null)
    }

    /**
     * Not cancelled by Lincheck: a cancelled collector ends its collection and the buffer with it
     * (the flow's `finally` calls [CollectorBuffer.cancel]), so no later `take` exists to observe a
     * value handed to it, which is lost with it, as a `Channel`'s undelivered element is.
     */
    @Operation(nonParallelGroup = "consumer", cancellableOnSuspension = false)
    suspend fun take(): Int? = buffer.take()

    /** A kotlinx channel: what the buffer must behave as. */
    class ChannelSpec {
        private val channel = Channel<Int>(CAPACITY)

        fun offer(value: Int): Boolean = channel.trySend(value).isSuccess

        fun close() {
            channel.close()
        }

        suspend fun take(): Int? = channel.receiveCatching().getOrNull()
    }

    @Test
    fun modelChecking() =
        ModelCheckingOptions()
            .sequentialSpecification(ChannelSpec::class.java)
            .iterations(30)
            .invocationsPerIteration(200)
            .threads(2)
            .actorsBefore(1)
            .actorsPerThread(4)
            .actorsAfter(2)
            .check(this::class)

    @Test
    fun stress() =
        StressOptions()
            .sequentialSpecification(ChannelSpec::class.java)
            .iterations(30)
            .invocationsPerIteration(500)
            .threads(2)
            .actorsBefore(1)
            .actorsPerThread(4)
            .actorsAfter(2)
            .check(this::class)

    private companion object {
        const val CAPACITY = 2
    }
}
