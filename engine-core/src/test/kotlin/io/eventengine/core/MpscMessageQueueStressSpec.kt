package io.eventengine.core

import io.eventengine.core.MpscMessageQueueLincheckTest.Companion.message
import io.eventengine.core.MpscMessageQueueLincheckTest.Companion.valueOf
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import kotlin.concurrent.thread

/**
 * The park/wake handshakes of [MpscMessageQueue] on the real JVM, many thousand times each.
 *
 * Lincheck's model checker (3.7) lets every park wake up spuriously, so it checks safety but cannot
 * see a lost wake-up; these runs can. In the hand-off tests the consumer parks with no deadline
 * (`awaitMessages(0)`, as the dispatcher with [IdleStrategy.parking]), and each round is timed so
 * that the producer offers while the consumer is on its way to park: a missed unpark strands the
 * consumer for good, which the watchdog reports with the round. The watchdog's timeout is generous
 * (it bounds a hang, it measures nothing).
 */
class MpscMessageQueueStressSpec :
    FunSpec({
        /** A daemon thread that keeps what it threw, for [joinAll] to rethrow. */
        class Worker(name: String, body: () -> Unit) {
            val failure = AtomicReference<Throwable>()
            val thread =
                thread(name = name, isDaemon = true) {
                    try {
                        body()
                    } catch (e: Throwable) {
                        failure.set(e)
                    }
                }
        }

        /**
         * Joins [workers]; fails naming [where] when one is still running after the watchdog
         * timeout.
         */
        fun joinAll(workers: List<Worker>, where: () -> String) {
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WATCHDOG_SECONDS)
            for (w in workers) {
                w.thread.join(maxOf(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())))
                check(!w.thread.isAlive) { "${w.thread.name} stranded (lost wake-up?): ${where()}" }
            }
            workers.forEach { w -> w.failure.get()?.let { throw it } }
        }

        test("ping-pong: every hand-off to a consumer parked on an empty queue wakes it") {
            val queue = MpscMessageQueue(2)
            val acked = AtomicInteger(-1)
            val producer =
                Worker("stress-producer") {
                    for (i in 0 until HANDOFFS) {
                        // once acked, the consumer heads to park: this offer races its publish,
                        // strict-emptiness check and park
                        while (acked.get() != i - 1) Thread.onSpinWait()
                        queue.offer(message(i)) shouldBe true
                    }
                }
            val consumer =
                Worker("stress-consumer") {
                    for (i in 0 until HANDOFFS) {
                        var m = queue.poll()
                        while (m == null) {
                            queue.awaitMessages(0)
                            m = queue.poll()
                        }
                        valueOf(m) shouldBe i
                        acked.set(i)
                    }
                }
            joinAll(listOf(consumer, producer)) { "hand-off ${acked.get() + 1} of $HANDOFFS" }
            queue.isEmpty() shouldBe true
        }

        /**
         * [producerCount] producers make blocking offers (spinning [maxSpin] times first) of
         * [perProducer] messages each into a queue of [capacity], against one consumer on the
         * dispatcher's idle path (relaxed polls of up to [batch], then park unless strictly
         * non-empty, and [MpscMessageQueue.wakeProducers] after each batch): every message arrives
         * once, in each producer's order.
         */
        fun producersAgainstParkingConsumer(
            capacity: Int,
            producerCount: Int,
            maxSpin: Int,
            batch: Int,
            perProducer: Int = HANDOFFS / 2,
        ) {
            val queue = MpscMessageQueue(capacity)
            val got = List(producerCount) { ArrayList<Int>(perProducer) }
            val taken = AtomicInteger()
            val producers =
                List(producerCount) { p ->
                    Worker("stress-producer-$p") {
                        for (i in 0 until perProducer) {
                            queue.offer(message(p * perProducer + i), maxSpin, 0) shouldBe true
                        }
                    }
                }
            val consumer =
                Worker("stress-consumer") {
                    while (taken.get() < producerCount * perProducer) {
                        var n = 0
                        while (n < batch) {
                            val m = queue.relaxedPoll() ?: break
                            val v = valueOf(m)
                            got[v / perProducer] += v % perProducer
                            n++
                        }
                        if (n == 0) {
                            queue.awaitMessages(0)
                        } else {
                            queue.wakeProducers()
                            taken.addAndGet(n)
                        }
                    }
                }
            joinAll(listOf(consumer) + producers) {
                "after ${taken.get()} of ${producerCount * perProducer} messages"
            }
            got.forEach { it shouldContainExactly (0 until perProducer).toList() }
            queue.isEmpty() shouldBe true
        }

        test(
            "two producers against a parking dispatcher-style consumer: all delivered once, in order"
        ) {
            // they park at once on a full queue, woken by the consumer (or their back-off)
            producersAgainstParkingConsumer(capacity = 2, producerCount = 2, maxSpin = 0, batch = 8)
        }

        test(
            "three producers spinning then parking on a queue of 16 (they retry at a quarter free): all delivered once, in order"
        ) {
            // the default spins offer only with 4 slots free, the parks with any, and the consumer
            // wakes them at 4 free; it takes fewer than a quarter per batch, so room builds up
            producersAgainstParkingConsumer(
                capacity = 16,
                producerCount = 3,
                maxSpin = PublishOptions.DEFAULT_MAX_SPIN,
                batch = 3,
            )
        }

        test(
            "a parked producer takes a single free slot by its own back-off when the consumer stops there"
        ) {
            repeat(50) { round ->
                val queue = MpscMessageQueue(8) // a quarter is 2 slots
                for (i in 0 until 8) queue.offer(message(i)) shouldBe true
                val producer =
                    Worker("stress-producer") {
                        queue.offer(message(8), PublishOptions.DEFAULT_MAX_SPIN, 0) shouldBe true
                    }
                // parked (past its spins) before the slot frees
                while (producer.thread.state != Thread.State.TIMED_WAITING) Thread.onSpinWait()
                // one slot freed, fewer than a quarter: the consumer does not wake it; its back-off
                // does, and it takes what there is
                valueOf(queue.poll()!!) shouldBe 0
                joinAll(listOf(producer)) { "round $round" }
                queue.size() shouldBe 8
                generateSequence { queue.poll() }.map(::valueOf).toList() shouldContainExactly
                    (1..8).toList()
            }
        }
    }) {
    private companion object {
        const val HANDOFFS = 20_000
        const val WATCHDOG_SECONDS = 30L
    }
}
