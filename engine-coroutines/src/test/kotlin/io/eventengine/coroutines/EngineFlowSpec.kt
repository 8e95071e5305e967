package io.eventengine.coroutines

import io.eventengine.core.MessagePayload
import io.eventengine.core.Topic
import io.eventengine.core.TopicSyntaxException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart.UNDISPATCHED
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.supervisorScope
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout

/**
 * The cold flow per pattern: registration follows collection, order per collector, completion. Most
 * tests run on one thread: collectors on the test dispatcher and a stopped engine whose pending
 * messages are delivered on the test thread ([deliverPending]).
 */
@OptIn(ExperimentalCoroutinesApi::class)
class EngineFlowSpec :
    FunSpec({
        test("a flow registers when collected, not when built, and each collection has its own") {
            runTest {
                eventEngine().use { engine ->
                    val quotes = engine.flow("Market.Data.{symbol}")
                    engine.size() shouldBe 0
                    val first = launch(start = UNDISPATCHED) { quotes.collect {} }
                    val second = launch(start = UNDISPATCHED) { quotes.collect {} }
                    engine.topics() shouldContainExactly listOf(Topic.of("Market.Data.{symbol}"))
                    engine.hook(Topic.of("Market.Data.{symbol}")).size() shouldBe 2
                    first.cancel()
                    second.cancel()
                }
            }
        }

        test("every collector sees every message of its pattern, in dispatch order") {
            runTest {
                eventEngine().use { engine ->
                    val pattern = "Seq.{n}"
                    val all =
                        async(start = UNDISPATCHED) {
                            engine
                                .flow(pattern, capacity = Channel.UNLIMITED)
                                .take(1_000)
                                .map { it.arg<Int>(0) }
                                .toList()
                        }
                    val evens =
                        async(start = UNDISPATCHED) {
                            engine
                                .flow("Seq.even", capacity = 1_000)
                                .take(500)
                                .map { it.arg<Int>(0) }
                                .toList()
                        }
                    repeat(1_000) { i -> engine.put(if (i % 2 == 0) "Seq.even" else "Seq.odd", i) }
                    engine.deliverPending()
                    all.await() shouldBe (0 until 1_000).toList()
                    evens.await() shouldBe (0 until 1_000 step 2).toList()
                    engine.hooks().shouldBeEmpty() // take() completed both collections
                }
            }
        }

        test("order holds per collector with a live dispatcher and slow, suspending collectors") {
            eventEngine { name = "live-order" }
                .use { engine ->
                    engine.start()
                    val n = 20_000
                    val collectors =
                        List(2) { c ->
                            async(Dispatchers.Default, start = UNDISPATCHED) {
                                engine
                                    .flow("Live.{n}", capacity = 16 + c * 100)
                                    .take(n)
                                    .map { it.arg<Int>(0) }
                                    .toList()
                            }
                        }
                    repeat(n) { engine.emit("Live.x", it) }
                    withTimeout(60.seconds) {
                        collectors.forEach { it.await() shouldBe (0 until n).toList() }
                    }
                    engine.stats().subscriberDrops shouldBe 0
                }
        }

        test("a collector that fails unregisters") {
            runTest {
                eventEngine().use { engine ->
                    supervisorScope {
                        val failing =
                            async(start = UNDISPATCHED) {
                                engine.flow("A").collect {
                                    error("collector broke on ${it.topic()}")
                                }
                            }
                        engine.size() shouldBe 1
                        engine.put("A")
                        engine.deliverPending()
                        shouldThrow<IllegalStateException> { failing.await() }.message shouldBe
                            "collector broke on A"
                        engine.size() shouldBe 0
                    }
                }
            }
        }

        test("cancelling the collecting scope unregisters every collector (test dispatcher)") {
            runTest {
                eventEngine().use { engine ->
                    val scope = CoroutineScope(coroutineContext + Job())
                    repeat(3) { scope.launch { engine.flow("Market.{x}").collect {} } }
                    scope.launch { engine.flow("Other").collect {} }
                    runCurrent()
                    engine.size() shouldBe 2
                    scope.cancel()
                    runCurrent()
                    engine.hooks().shouldBeEmpty()
                }
            }
        }

        test("cancelling the collecting scope unregisters, with messages flowing on real threads") {
            eventEngine { name = "cancel-live" }
                .use { engine ->
                    engine.start()
                    val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
                    val received = java.util.concurrent.atomic.AtomicInteger()
                    repeat(4) {
                        scope.launch(start = UNDISPATCHED) {
                            engine.flow("Tick.{n}", capacity = 8).collect {
                                received.incrementAndGet()
                            }
                        }
                    }
                    engine.size() shouldBe 1
                    val producer =
                        CoroutineScope(Dispatchers.Default).launch {
                            var i = 0
                            while (isActive) engine.emit("Tick.t", i++)
                        }
                    eventually("the collectors receive messages") { received.get() > 1_000 }
                    scope.cancel()
                    // Unregistering happens as each cancelled collection completes: poll, bounded.
                    eventually("every collector unregistered") { engine.size() == 0 }
                    engine.hooks().shouldBeEmpty()
                    // Joined before use{} closes the engine: an emit racing close() fails with
                    // "closed while the put was being made", and that failure would land in the
                    // next test.
                    producer.cancelAndJoin()
                }
        }

        test("a flow completes when the engine closes, after the messages close() delivered") {
            runTest {
                val engine = eventEngine()
                val got =
                    async(start = UNDISPATCHED) {
                        engine.flow("A.{n}").map { it.arg<Int>(0) }.toList()
                    }
                engine.put("A.x", 1)
                engine.put("A.x", 2)
                engine.close() // delivers the two, then ends the collection
                got.await() shouldContainExactly listOf(1, 2)
                engine.size() shouldBe 0
                // Collecting a closed engine's flow fails at once, as subscribing a Flux does.
                shouldThrow<IllegalStateException> { engine.flow("A.{n}").toList() }
                    .message shouldContain "closed"
                engine.size() shouldBe 0
            }
        }

        test("bad arguments fail when the flow is built, naming what is wrong") {
            eventEngine().use { engine ->
                shouldThrow<TopicSyntaxException> { engine.flow("Market./^[A-Z") }
                shouldThrow<IllegalArgumentException> { engine.flow("A", capacity = 0) }
                    .message shouldContain "capacity must be >= 1"
                shouldThrow<IllegalArgumentException> {
                        engine.flow("A", capacity = Channel.CONFLATED)
                    }
                    .message shouldContain "CONFLATED"
                shouldThrow<IllegalArgumentException> {
                        engine.flow("A", suspendTimeout = (-1).seconds)
                    }
                    .message shouldContain "suspendTimeout"
            }
        }

        test("the flow's handler says what it is in the hook's log lines") {
            eventEngine().use { engine ->
                runTest {
                    val job =
                        launch(start = UNDISPATCHED) {
                            engine.flow("A.{x}", capacity = 4).collect {}
                        }
                    engine.hook(Topic.of("A.{x}")).handlers().single().toString() shouldBe
                        "engine.flow('A.{x}', capacity = 4, SUSPEND, suspendTimeout = 30s)"
                    job.cancel()
                }
            }
        }

        test("messages keep their payload: args, kwargs, seq ids") {
            runTest {
                eventEngine().use { engine ->
                    val got =
                        async(start = UNDISPATCHED) { engine.flow("Order.{id}").take(2).toList() }
                    engine.emit("Order.1", "buy", kwargs = mapOf("qty" to 10))
                    engine.emit("Order.2", "sell", kwargs = mapOf("qty" to 5))
                    engine.deliverPending()
                    val messages: List<MessagePayload> = got.await()
                    messages.map { it.seqId() } shouldBe listOf(0L, 1L)
                    messages.map { it.arg<String>(0) } shouldBe listOf("buy", "sell")
                    messages.map { it.kwarg<Int>("qty") } shouldBe listOf(10, 5)
                }
            }
        }
    })
