package io.eventengine.coroutines

import io.eventengine.core.EventEngine
import io.eventengine.core.Topic
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/**
 * A Flow ends with its engine after what close() delivered, wherever close() is called from (issue
 * 12).
 */
class FlowCloseSpec :
    FunSpec({
        test("close() from a handler: the collector gets all 9 messages, then completes") {
            runBlocking {
                val engine = EventEngine.builder().name("flow-self-close").build()
                engine.register("Close") { engine.close() }
                val got =
                    async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                        engine.flow("**").map { it.topic().value() }.toList()
                    }
                repeat(3) { engine.put("Before") }
                engine.put("Close")
                repeat(5) { engine.put("After") }
                engine.start()
                withTimeout(20.seconds) { got.await() } shouldContainExactly
                    List(3) { "Before" } + "Close" + List(5) { "After" }
                engine.stats().abandoned shouldBe 0
            }
        }

        test(
            "close() under 4 producers on a full queue: the collector gets exactly the accepted messages"
        ) {
            repeat(3) {
                runBlocking {
                    val engine =
                        EventEngine.builder()
                            .capacity(8)
                            .closeTimeout(Duration.ofSeconds(10))
                            .build()
                    val received = ConcurrentHashMap.newKeySet<Long>()
                    val duplicates = java.util.concurrent.atomic.AtomicInteger()
                    val collection =
                        async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                            engine
                                .flow("P.{n}", capacity = 16)
                                .onEach {
                                    if (!received.add(it[0] as Long)) duplicates.incrementAndGet()
                                }
                                .toList()
                                .size
                        }
                    engine.start()
                    val accepted = ConcurrentHashMap.newKeySet<Long>()
                    val refused = ConcurrentHashMap.newKeySet<Long>()
                    val producers =
                        (0 until 4).map { p ->
                            Thread {
                                var i = p * 1_000_000_000L
                                while (true) {
                                    try {
                                        engine.put(Topic.of("P.${i % 7}"), i)
                                        accepted += i
                                    } catch (closed: IllegalStateException) {
                                        refused += i
                                        break
                                    }
                                    i++
                                }
                            }
                        }
                    producers.forEach { it.start() }
                    Thread.sleep(200)
                    engine.close()
                    producers.forEach { it.join(10_000) }
                    producers.filter { it.isAlive }.shouldBeEmpty()
                    withTimeout(20.seconds) { collection.await() } shouldBe received.size
                    duplicates.get() shouldBe 0
                    refused.size shouldBe 4
                    engine.stats().abandoned shouldBe 0
                    received shouldBe accepted
                }
            }
        }
    })
