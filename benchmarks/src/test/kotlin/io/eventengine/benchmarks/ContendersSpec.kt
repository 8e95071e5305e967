package io.eventengine.benchmarks

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.Executors
import kotlin.concurrent.thread
import org.openjdk.jmh.annotations.Param

/**
 * The benchmarks' own harness: every contender the scenarios name hands every event to every
 * handler, on another thread, exactly once, with one and two producers and with fan-out; and the
 * checks that guard the scores (hand-off, accounting, names) fail when they should. No timing is
 * asserted: speed lives in the JMH runs.
 */
class ContendersSpec :
    FunSpec({
        // The scenarios' own list, so that a contender added there is tested here, and IdleCpu's
        // own.
        val names =
            ContenderState::class
                .java
                .getField("contender")
                .getAnnotation(Param::class.java)
                .value + "engineFluxAndFlow"
        val batches = 5
        val batch = 1_000

        for (name in names) {
            for ((producers, handlers) in listOf(1 to 1, 2 to 1, 1 to 8)) {
                test(
                    "$name: $producers producer(s), $handlers handler(s), every event handled once"
                ) {
                    Contenders.create(name, producers, handlers).use { contender ->
                        if (producers == 1) {
                            // The creating thread (it published the verification event) goes on
                            // alone: a single-producer Disruptor asserts that one thread publishes.
                            repeat(batches) { contender.sendAndAwait(batch) }
                        } else {
                            val failures = ConcurrentLinkedQueue<Throwable>()
                            (1..producers)
                                .map {
                                    thread(name = "producer-$it") {
                                        try {
                                            repeat(batches) { contender.sendAndAwait(batch) }
                                        } catch (t: Throwable) {
                                            failures += t
                                        }
                                    }
                                }
                                .forEach { it.join() }
                            failures.shouldBeEmpty()
                        }
                        contender.checkAccounting()
                        // One event from verified(), then every batch of every producer.
                        contender.handledCount() shouldBe
                            (1L + producers * batches * batch) * handlers
                    }
                }
            }
        }

        test("an unknown contender name is refused with the name in the message") {
            val error = shouldThrow<IllegalArgumentException> { Contenders.create("kafka", 1, 1) }
            error.message shouldContain "'kafka'"
        }

        test("a contender that runs its handler on the producer thread fails verification") {
            val inline =
                object : Contender(1) {
                    override fun publish(event: Any) = handled.onEvent(event as Long)

                    override fun close() {}
                }
            val error = shouldThrow<IllegalStateException> { inline.verified() }
            error.message shouldContain "producer thread"
        }

        test("a contender that delivers an event twice fails the accounting") {
            val executor = Executors.newSingleThreadExecutor()
            val twice =
                object : Contender(1) {
                    override fun publish(event: Any) {
                        executor.execute {
                            handled.onEvent(event as Long)
                            handled.onEvent(event)
                        }
                    }

                    override fun close() = executor.shutdown()
                }
            twice.use {
                it.sendAndAwait(10)
                val error = shouldThrow<IllegalStateException> { it.checkAccounting() }
                error.message shouldContain "handled 20 deliveries, expected 10"
            }
        }
    })
