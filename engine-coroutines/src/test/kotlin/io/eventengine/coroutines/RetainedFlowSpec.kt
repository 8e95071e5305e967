package io.eventengine.coroutines

import io.eventengine.core.EventEngine
import io.eventengine.core.MessagePayload
import io.eventengine.core.PublishOptions
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import kotlin.time.Duration
import kotlin.time.Duration.Companion.microseconds
import kotlinx.coroutines.CoroutineStart.UNDISPATCHED
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Retained messages through a `Flow`: a late collector gets each matching topic's retained message
 * first, then the live ones, with neither a gap nor a duplicate at the boundary.
 */
class RetainedFlowSpec :
    FunSpec({
        val retained = PublishOptions(timeout = Duration.INFINITE, retain = true)

        fun MessagePayload.text() = "${topic()}=${args().firstOrNull()}"

        test("a late collector gets the retained messages first, then live ones") {
            eventEngine { name = "retain-flow" }
                .use { engine ->
                    engine.start()
                    engine.emit("Quote.A", retained, 1)
                    engine.emit("Quote.B", retained, 2)
                    engine.emit("Quote.A", 9) // not retained: Quote.A keeps 1
                    eventually("both are retained") { engine.retainedCount() == 2 }
                    val got =
                        async(Dispatchers.Default, start = UNDISPATCHED) {
                            engine.flow("Quote.*").map { it.text() }.take(3).toList()
                        }
                    engine.emit("Quote.B", 3)
                    got.await() shouldContainExactly listOf("Quote.A=1", "Quote.B=2", "Quote.B=3")
                }
        }

        test("the Kotlin options retain, and an empty retained emit clears the topic") {
            eventEngine().use { engine ->
                engine.start()
                engine.emit("Quote.A", retained, 1)
                engine.emit("Quote.B", retained, 2)
                engine.emit("Quote.B", retained) // empty: clears
                eventually("Quote.B cleared") {
                    engine.retained("Quote.*").map { it.text() } == listOf("Quote.A=1")
                }
                PublishOptions(timeout = Duration.ZERO, retain = true).retain().shouldBeTrue()
                PublishOptions(timeout = Duration.INFINITE).retain().shouldBeFalse()
            }
        }

        test(
            "collectors joining a racing producer see every seq id once, from their retained ones on"
        ) {
            val topics = 4
            val rounds = 3_000
            val collectors = 30
            val engine = EventEngine.builder().name("retain-flow-stress").capacity(256).build()
            engine.start()
            val producer =
                launch(Dispatchers.Default) {
                    for (v in 0 until rounds) {
                        for (k in 0 until topics) engine.emit("S.$k", retained, v, k)
                        if (v % 25 == 0) delay(50.microseconds) // paced: collectors join mid-stream
                    }
                }
            val results =
                (0 until collectors).map {
                    val collected =
                        async(Dispatchers.Default, start = UNDISPATCHED) {
                            engine.flow("S.*", capacity = 16).map { it.seqId() }.toList()
                        }
                    withContext(Dispatchers.Default) { Thread.sleep(0, 100_000) }
                    collected
                }
            producer.join()
            engine.close() // delivers what is queued, then completes every flow
            val lastSeq = topics.toLong() * rounds - 1
            var joinedMidStream = 0
            for (seqs in results.awaitAll()) {
                // every seq id once, in order, from the first replayed to the last published
                seqs shouldBe (seqs.first()..lastSeq).toList()
                if (seqs.first() in 1 until lastSeq - topics) joinedMidStream++
            }
            joinedMidStream shouldBeGreaterThanOrEqual collectors / 2
        }
    })
