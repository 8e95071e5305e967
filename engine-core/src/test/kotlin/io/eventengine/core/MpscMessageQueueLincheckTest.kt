package io.eventengine.core

import org.jetbrains.lincheck.datastructures.IntGen
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions
import org.jetbrains.lincheck.datastructures.Operation
import org.jetbrains.lincheck.datastructures.Param
import org.jetbrains.lincheck.datastructures.StressOptions
import org.junit.jupiter.api.Test

/**
 * Linearizability of the non-blocking side of [MpscMessageQueue] at capacity 2, so that full-queue
 * offers are common: any thread offers, one thread at a time (a `nonParallelGroup`) polls and asks
 * for strict emptiness, anyone asks the size. The sequential specification is the class itself run
 * sequentially: a bounded FIFO of capacity 2.
 *
 * The relaxed `drain` is deliberately not an operation here: it may miss a claimed-but-unwritten
 * slot and so is not linearizable (docs/development.md, build trap 8). Its use by the consumer,
 * paired with the strict `isEmpty` before parking, is what [MpscMessageQueueParkingLincheckTest]
 * checks.
 */
@Param(name = "value", gen = IntGen::class, conf = "1:9")
class MpscMessageQueueLincheckTest {
    private val queue = MpscMessageQueue(2)

    @Operation fun offer(@Param(name = "value") value: Int): Boolean = queue.offer(message(value))

    @Operation(nonParallelGroup = "consumer") fun poll(): Int? = queue.poll()?.let(::valueOf)

    @Operation(nonParallelGroup = "consumer") fun isEmpty(): Boolean = queue.isEmpty()

    @Operation fun size(): Int = queue.size()

    @Test
    fun modelChecking() =
        ModelCheckingOptions()
            .iterations(12)
            .invocationsPerIteration(100)
            .threads(3)
            .actorsBefore(1)
            .actorsPerThread(2)
            .actorsAfter(2)
            .check(this::class)

    @Test
    fun stress() =
        StressOptions()
            .iterations(20)
            .invocationsPerIteration(500)
            .threads(3)
            .actorsBefore(1)
            .actorsPerThread(3)
            .actorsAfter(2)
            .check(this::class)

    internal companion object {
        private val TOPIC = Topic.of("Lincheck.Queue")

        fun message(value: Int) = MessagePayload(TOPIC, arrayOf<Any?>(value), emptyMap(), -1, 0, -1)

        fun valueOf(message: MessagePayload): Int = message.args()[0] as Int
    }
}
