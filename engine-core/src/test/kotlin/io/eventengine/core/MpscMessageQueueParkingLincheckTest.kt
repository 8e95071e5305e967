package io.eventengine.core

import io.eventengine.core.MpscMessageQueueLincheckTest.Companion.message
import io.eventengine.core.MpscMessageQueueLincheckTest.Companion.valueOf
import org.jetbrains.lincheck.datastructures.DSLScenarioBuilder
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions
import org.jetbrains.lincheck.datastructures.Operation
import org.jetbrains.lincheck.datastructures.StressOptions
import org.junit.jupiter.api.Test

private typealias Q = MpscMessageQueueParkingLincheckTest

/**
 * The put/park/wake protocol of [MpscMessageQueue] (its two Dekker handshakes) under Lincheck, at
 * capacity 2, so that producers meet a full queue and the consumer an empty one in most
 * interleavings.
 *
 * Operations: producers `offer` (non-blocking) and `offerBlocking` (`offer(message, 1, 0)`: one
 * spin, then park with no deadline); the single consumer (`nonParallelGroup`) `take`s the way the
 * dispatcher idles with [IdleStrategy.parking]: a relaxed poll, and on nothing `awaitMessages(0)`
 * (publish itself, strict `isEmpty`, park), then again. `remaining` empties the queue afterwards so
 * every element is accounted for.
 *
 * Design choices:
 * - Only hand-written scenarios, no random ones. A blocking operation may legitimately block for
 *   ever (a `take` with nothing left to come, an `offerBlocking` facing a queue nobody empties) and
 *   Lincheck fails any run that hangs. Each scenario keeps `takes <= offers <= takes + capacity`,
 *   with non-blocking `offer`s only where they cannot fail, so it terminates whenever the protocol
 *   is right: a consumer stuck parked must have missed a producer's wake-up and a producer stuck
 *   parked the consumer's.
 * - Lost, duplicated or reordered elements fail the verdict: the results must match a linearization
 *   of [SequentialSpec], a bounded FIFO in which a blocking call is only enabled when it would not
 *   block (a `take` on an empty queue yields [WOULD_BLOCK], an `offerBlocking` on a full one
 *   `false`: results a real run never returns, so no valid linearization puts them there). The
 *   class itself cannot be its own specification: run sequentially, a `take` on an empty queue
 *   would park the verifier.
 * - What Lincheck 3.7 does with parking (read from its agent and model checker, and checked with a
 *   probe): in model checking, `LockSupport.park`/`parkNanos` lose their timeout,
 *   `System.nanoTime()` is a constant, and every park outside Lincheck's silent sections may wake
 *   up spuriously, so a park that nobody unparks still returns. Model checking therefore explores
 *   every interleaving of the park paths for safety (the check above: claimed-but-unwritten slots,
 *   full-queue retries, spurious wake-ups), but it cannot see a lost wake-up. Stress mode runs on
 *   the real JVM, where the consumer's park has no deadline: a lost consumer wake-up hangs the run,
 *   which Lincheck reports (this is checked by mutation: a producer reading `parkedConsumer` before
 *   offering is caught). A lost producer wake-up only delays the producer until its bounded
 *   back-off, by design; the producer-side handshake is checked by the jcstress litmus test
 *   `ProducerWakeHandshakeTest` (module engine-jcstress), and both sides by
 *   [MpscMessageQueueStressSpec].
 *
 * The random, non-blocking side of the queue is checked by [MpscMessageQueueLincheckTest].
 */
class MpscMessageQueueParkingLincheckTest {
    private val queue = MpscMessageQueue(CAPACITY)

    @Operation fun offer(value: Int): Boolean = queue.offer(message(value))

    @Operation(blocking = true)
    fun offerBlocking(value: Int): Boolean = queue.offer(message(value), 1, 0)

    @Operation(nonParallelGroup = "consumer", blocking = true)
    fun take(): Int {
        var taken = queue.relaxedPoll()
        while (taken == null) {
            queue.awaitMessages(0)
            taken = queue.relaxedPoll()
        }
        queue.wakeProducers()
        return valueOf(taken)
    }

    @Operation(nonParallelGroup = "consumer")
    fun remaining(): List<Int> = generateSequence { queue.poll() }.map(::valueOf).toList()

    /**
     * The sequential bounded FIFO the results must linearize to; blocking calls only where they
     * would not block.
     */
    class SequentialSpec {
        private val items = ArrayDeque<Int>()

        fun offer(value: Int): Boolean = items.size < CAPACITY && items.add(value)

        fun offerBlocking(value: Int): Boolean = offer(value)

        fun take(): Int = items.removeFirstOrNull() ?: WOULD_BLOCK

        fun remaining(): List<Int> = items.toList().also { items.clear() }
    }

    @Test
    fun modelChecking() =
        scenarios(ModelCheckingOptions().iterations(0).invocationsPerIteration(150))
            .sequentialSpecification(SequentialSpec::class.java)
            .check(this::class)

    @Test
    fun stress() =
        scenarios(StressOptions().iterations(0).invocationsPerIteration(1_000))
            .sequentialSpecification(SequentialSpec::class.java)
            .check(this::class)

    private companion object {
        const val CAPACITY = 2
        const val WOULD_BLOCK = Int.MIN_VALUE

        /** The hand-written scenarios; each keeps `takes <= offers <= takes + CAPACITY`. */
        fun <O : org.jetbrains.lincheck.datastructures.Options<O, *>> scenarios(options: O): O =
            options
                // consumer handshake: the consumer parks on an empty queue, one producer must wake
                // it
                .scenario {
                    parallel {
                        thread { actor(Q::offer, 1) }
                        thread { actor(Q::take) }
                    }
                }
                // consumer handshake with two producers racing for slots (claimed-but-unwritten
                // slots included)
                .scenario {
                    parallel {
                        thread {
                            actor(Q::offerBlocking, 1)
                            actor(Q::offerBlocking, 2)
                        }
                        thread { actor(Q::offerBlocking, 3) }
                        thread {
                            actor(Q::take)
                            actor(Q::take)
                            actor(Q::take)
                        }
                    }
                }
                // producer handshake: a full queue, two producers park, two takes must wake both
                .scenario {
                    initial {
                        actor(Q::offer, 1)
                        actor(Q::offer, 2)
                    }
                    parallel {
                        thread { actor(Q::offerBlocking, 3) }
                        thread { actor(Q::offerBlocking, 4) }
                        thread {
                            actor(Q::take)
                            actor(Q::take)
                        }
                    }
                    post { actor(Q::remaining) }
                }
                // both handshakes in one run: producers park on a full queue, then the consumer on
                // an empty one
                .scenario {
                    initial {
                        actor(Q::offer, 1)
                        actor(Q::offer, 2)
                    }
                    parallel {
                        thread {
                            actor(Q::offerBlocking, 3)
                            actor(Q::offerBlocking, 4)
                        }
                        thread {
                            actor(Q::take)
                            actor(Q::take)
                            actor(Q::take)
                            actor(Q::take)
                        }
                    }
                    post { actor(Q::remaining) }
                }

        private fun <O : org.jetbrains.lincheck.datastructures.Options<O, *>> O.scenario(
            block: DSLScenarioBuilder.() -> Unit
        ): O = addCustomScenario(block)
    }
}
