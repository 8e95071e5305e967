package io.eventengine.coroutines

import io.eventengine.core.MessagePayload
import io.eventengine.core.Topic
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineStart.UNDISPATCHED
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.supervisorScope
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull

@OptIn(ExperimentalCoroutinesApi::class)
class SuspendingPublishSpec :
    FunSpec({
        fun fullEngine(name: String) = eventEngine {
            this.name = name
            capacity = 2
        }
            .apply {
                put("Fill", 1)
                put("Fill", 2)
            }

        test("with room it publishes at once, args and kwargs copied") {
            runTest {
                eventEngine().use { engine ->
                    val args = arrayOf<Any?>("AAPL", 189.5, null)
                    val kwargs = mutableMapOf<String, Any?>("side" to "buy")
                    engine.emit("Market.Trade", *args, kwargs = kwargs)
                    engine.emit(
                        Topic.of("Market.Trade"),
                        "MSFT",
                        kwargs = mapOf("side" to "sell"),
                    )
                    args[0] = "changed"
                    kwargs["side"] = "changed"
                    val first = engine.poll(Duration.ZERO)
                    first.args() shouldContainExactly listOf("AAPL", 189.5, null)
                    first.kwargs() shouldBe mapOf("side" to "buy")
                    engine.poll(Duration.ZERO).kwarg<String>("side") shouldBe "sell"
                }
            }
        }

        test(
            "on a full queue it suspends, the thread runs other coroutines, and it resumes when room is freed"
        ) {
            runTest {
                fullEngine("full").use { engine ->
                    val publishing = launch { engine.emit("Late", 3) }
                    runCurrent()
                    publishing.isActive shouldBe true
                    // runTest has one thread: had emit blocked it, we would not be here.
                    var other = false
                    launch { other = true }
                    runCurrent()
                    other shouldBe true
                    publishing.isActive shouldBe true
                    engine.occupancy() shouldBe 2

                    engine.poll(Duration.ZERO).arg<Int>(0) shouldBe
                        1 // frees room; the waiter is called
                    runCurrent()
                    publishing.isCompleted shouldBe true
                    engine.poll(Duration.ZERO).arg<Int>(0) shouldBe 2
                    engine.poll(Duration.ZERO).topic() shouldBe Topic.of("Late")
                }
            }
        }

        test("while it waits, its thread is parked idle in the executor, not in the engine") {
            val executor =
                java.util.concurrent.Executors.newSingleThreadExecutor { Thread(it, "single") }
            val single = executor.asCoroutineDispatcher()
            try {
                fullEngine("parked").use { engine ->
                    val publishing = launch(single) { engine.emit("Late", 3) }
                    val thread = liveThread("single")!!
                    eventually("the publisher's thread is idle in its executor") {
                        publishing.isActive &&
                            thread.state == Thread.State.WAITING &&
                            !thread.isIn("io.eventengine") &&
                            thread.isIn("ThreadPoolExecutor")
                    }
                    // The same single thread still runs other coroutines meanwhile.
                    withContext(single) { Thread.currentThread().name } shouldStartWith "single"
                    publishing.isActive shouldBe true
                    engine.start() // the dispatcher frees room and calls the waiter back
                    withTimeout(30.seconds) { publishing.join() }
                    engine.stop(true, 10.seconds) shouldBe 0
                    engine.stats().published shouldBe 3
                }
            } finally {
                single.close()
            }
        }

        test("a cancelled waiter never publishes, even after room is freed") {
            runTest {
                fullEngine("cancel").use { engine ->
                    val publishing = launch { engine.emit("Late") }
                    runCurrent()
                    publishing.cancel()
                    runCurrent()
                    publishing.isCancelled shouldBe true
                    engine.poll(Duration.ZERO) // room: the engine calls the (emptied) waiter
                    runCurrent()
                    engine.occupancy() shouldBe 1
                    engine.poll(Duration.ZERO).topic() shouldBe Topic.of("Fill")
                    engine.occupancy() shouldBe 0
                    engine.stats().published shouldBe 2
                }
            }
        }

        test("a cancelled coroutine does not publish even when there is room") {
            runTest {
                eventEngine().use { engine ->
                    val job =
                        launch(start = UNDISPATCHED) {
                            kotlinx.coroutines.currentCoroutineContext().job.cancel()
                            engine.emit("A")
                        }
                    job.join()
                    engine.occupancy() shouldBe 0
                }
            }
        }

        test(
            "it works under withTimeout, in virtual time, and a timed-out publish queued nothing"
        ) {
            runTest {
                fullEngine("timeout").use { engine ->
                    withTimeoutOrNull(5.seconds) { engine.emit("Late") } shouldBe null
                    currentTime shouldBe 5_000
                    shouldThrow<TimeoutCancellationException> {
                        withTimeout(1.seconds) { engine.emit("Late") }
                    }
                    engine.poll(Duration.ZERO)
                    engine.poll(Duration.ZERO)
                    runCurrent()
                    engine.occupancy() shouldBe 0
                }
            }
        }

        test("a closed engine refuses, also a publish that was waiting when it closed") {
            runTest {
                val engine = eventEngine {
                    name = "closing"
                    capacity = 2
                    closeTimeout = 1.nanoseconds // close() gives up at once: the queue stays full
                }
                engine.put("Fill")
                engine.put("Fill")
                supervisorScope {
                    val waiting = async { engine.emit("Late") }
                    runCurrent()
                    waiting.isActive shouldBe true
                    engine.close()
                    shouldThrow<IllegalStateException> { waiting.await() }.message shouldContain
                        "closed"
                }
                shouldThrow<IllegalStateException> { engine.emit("After") }
            }
        }

        test("a pattern is not a place to publish to") {
            runTest {
                eventEngine().use { engine ->
                    shouldThrow<IllegalArgumentException> { engine.emit("Market.{symbol}") }
                        .message shouldContain "pattern"
                }
            }
        }

        test(
            "many producers on many threads through a tiny queue: every message once, in order per producer"
        ) {
            eventEngine {
                name = "many"
                capacity = 4
            }
                .use { engine ->
                    val seen = ConcurrentHashMap<Int, CopyOnWriteArrayList<Int>>()
                    engine.register("P.{p}") { m: MessagePayload ->
                        seen.computeIfAbsent(m.arg<Int>(0)) { CopyOnWriteArrayList() } +=
                            m.arg<Int>(1)
                    }
                    engine.start()
                    val n = 5_000
                    val producers =
                        List(4) { p ->
                            launch(Dispatchers.Default) { repeat(n) { engine.emit("P.x", p, it) } }
                        }
                    withTimeout(60.seconds) { producers.forEach { it.join() } }
                    engine.stop(true, 30.seconds) shouldBe 0
                    (0 until 4).forEach { p -> seen[p]!!.toList() shouldBe (0 until n).toList() }
                }
        }
    })
