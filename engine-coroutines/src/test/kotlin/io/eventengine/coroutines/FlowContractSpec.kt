package io.eventengine.coroutines

import io.eventengine.core.EventEngine
import io.eventengine.core.Overflow
import io.eventengine.core.PublishOptions
import io.eventengine.core.QueueEmptyException
import io.eventengine.core.QueueFullException
import io.eventengine.core.SubscriberOverflowException
import io.eventengine.core.Topic
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.time.Duration
import kotlin.time.Duration.Companion.days
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart.UNDISPATCHED
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.supervisorScope
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout

/** A typed message's value. */
private data class Quote(val symbol: String, val price: Double)

/** Another type on the same pattern. */
private data class Trade(val symbol: String, val size: Int)

/**
 * The messaging contract of issue 13, row by row, for Kotlin: emit and its options, tryPublish, the
 * one timeout rule, rejected-put counting, pattern and typed flows, slow collectors, close, routing
 * by literal. Timing is virtual (`runTest`) where the engine is driven by hand; where the
 * dispatcher thread must run, awaits are bounded.
 */
@OptIn(ExperimentalCoroutinesApi::class)
class FlowContractSpec :
    FunSpec({
        /** A stopped engine of capacity 2, full. */
        fun fullEngine(options: PublishOptions = PublishOptions.BLOCKING): EventEngine =
            EventEngine.builder()
                .name("contract")
                .capacity(2)
                .publishOptions(options)
                .build()
                .apply {
                    put("Fill", 1)
                    put("Fill", 2)
                }

        context("emit waits as the engine's publishOptions() say") {
            test("BLOCKING (the default): suspends until there is room, then queues") {
                runTest {
                    fullEngine().use { engine ->
                        val emitting = launch { engine.emit("Late", 3) }
                        advanceTimeBy(1.days)
                        runCurrent()
                        emitting.isActive shouldBe true
                        engine.poll(Duration.ZERO).arg<Int>(0) shouldBe 1 // frees room
                        runCurrent()
                        emitting.isCompleted shouldBe true
                        engine.poll(Duration.ZERO).arg<Int>(0) shouldBe 2
                        engine.poll(Duration.ZERO).arg<Int>(0) shouldBe 3
                        engine.stats().rejectedPuts shouldBe 0 // a wait that gets in counts none
                    }
                }
            }

            test("NON_BLOCKING: QueueFullException at once, nothing queued, one rejected put") {
                runTest {
                    fullEngine(PublishOptions.NON_BLOCKING).use { engine ->
                        shouldThrow<QueueFullException> { engine.emit("Late", 3) }
                        currentTime shouldBe 0
                        engine.occupancy() shouldBe 2
                        engine.stats().rejectedPuts shouldBe 1
                    }
                }
            }

            test("waitAtMost(5 s): suspends 5 s of virtual time, then QueueFullException") {
                runTest {
                    fullEngine(PublishOptions(5.seconds)).use { engine ->
                        shouldThrow<QueueFullException> { engine.emit("Late", 3) }
                            .message shouldContain "'Late'"
                        currentTime shouldBe 5_000
                        engine.occupancy() shouldBe 2
                        engine.stats().rejectedPuts shouldBe 1
                    }
                }
            }

            test("the call's own options win over the engine's") {
                runTest {
                    fullEngine(PublishOptions.NON_BLOCKING).use { engine ->
                        val emitting = launch {
                            engine.emit(Topic.of("Late"), PublishOptions.BLOCKING, 3)
                        }
                        runCurrent()
                        emitting.isActive shouldBe true
                        engine.poll(Duration.ZERO)
                        runCurrent()
                        emitting.isCompleted shouldBe true
                    }
                }
            }
        }

        test("tryPublish: false on a full queue, queues nothing, one rejected put") {
            fullEngine().use { engine ->
                engine.tryPublish("Late", 3) shouldBe false
                engine.occupancy() shouldBe 2
                engine.stats().published shouldBe 2
                engine.stats().rejectedPuts shouldBe 1
            }
        }

        test("a timed emit that retried several times fails with QueueFullException counted once") {
            runTest {
                fullEngine().use { engine ->
                    val emitting = async {
                        runCatching { engine.emit("Late", PublishOptions(10.seconds), "x") }
                    }
                    runCurrent()
                    repeat(3) {
                        // Room is freed and the waiter called, but another producer takes it first:
                        // the emit wakes, retries (an uncounted offer) and waits again.
                        engine.poll(Duration.ZERO)
                        engine.tryPublish("Fill", 0) shouldBe true
                        runCurrent()
                        emitting.isActive shouldBe true
                        advanceTimeBy(1.seconds)
                    }
                    engine.stats().rejectedPuts shouldBe 0
                    advanceTimeBy(10.seconds)
                    runCurrent()
                    emitting.await().exceptionOrNull().shouldBeInstanceOf<QueueFullException>()
                    engine.stats().rejectedPuts shouldBe 1
                    engine.occupancy() shouldBe 2
                }
            }
        }

        test("a cancelled emit published nothing and counts no rejected put") {
            runTest {
                fullEngine(PublishOptions(10.seconds)).use { engine ->
                    val emitting = launch { engine.emit("Late", 3) }
                    runCurrent()
                    emitting.cancel()
                    runCurrent()
                    engine.poll(Duration.ZERO)
                    engine.poll(Duration.ZERO)
                    advanceTimeBy(20.seconds)
                    runCurrent()
                    engine.occupancy() shouldBe 0
                    engine.stats().published shouldBe 2
                    engine.stats().rejectedPuts shouldBe 0
                }
            }
        }

        context("one timeout rule: Duration.ZERO never waits, Duration.INFINITE waits for ever") {
            test(
                "emit with PublishOptions(ZERO) fails at once; with PublishOptions(INFINITE) waits"
            ) {
                runTest {
                    fullEngine().use { engine ->
                        PublishOptions(Duration.ZERO) shouldBe PublishOptions.NON_BLOCKING
                        PublishOptions(Duration.INFINITE) shouldBe PublishOptions.BLOCKING
                        shouldThrow<QueueFullException> {
                            engine.emit("Late", PublishOptions(Duration.ZERO))
                        }
                        currentTime shouldBe 0
                        val emitting = launch {
                            engine.emit("Late", PublishOptions(Duration.INFINITE))
                        }
                        advanceTimeBy(3_650.days)
                        runCurrent()
                        emitting.isActive shouldBe true
                        engine.poll(Duration.ZERO)
                        runCurrent()
                        emitting.isCompleted shouldBe true
                    }
                }
            }

            test("poll(ZERO) never waits, poll(INFINITE) waits for the next message") {
                EventEngine.create().use { engine ->
                    shouldThrow<QueueEmptyException> { engine.poll(Duration.ZERO) }
                    val taker = Thread { engine.put("Later", 7) }
                    taker.start()
                    engine.poll(Duration.INFINITE).arg<Int>(0) shouldBe 7
                    taker.join(10_000)
                }
            }

            test("stop(drain, ZERO) delivers nothing more; stop(drain, INFINITE) delivers all") {
                EventEngine.create().use { engine ->
                    engine.put("A")
                    engine.put("A")
                    engine.stop(drain = true, timeout = Duration.ZERO) shouldBe 2
                    engine.stop(drain = true, timeout = Duration.INFINITE) shouldBe 0
                }
            }
        }

        test("flow on a pattern receives the matching topics only") {
            runTest {
                EventEngine.create().use { engine ->
                    val got =
                        async(start = UNDISPATCHED) {
                            engine
                                .flow("Market.Data.{symbol}")
                                .take(2)
                                .map { it.topic().value() }
                                .toList()
                        }
                    engine.emit("Market.Data.AAPL")
                    engine.emit("Market.Trade.AAPL")
                    engine.emit("Market.Data.MSFT")
                    engine.deliverPending()
                    got.await() shouldContainExactly listOf("Market.Data.AAPL", "Market.Data.MSFT")
                }
            }
        }

        test("typed flow<Quote>: the value of each Quote message; every other message is skipped") {
            runTest {
                EventEngine.create().use { engine ->
                    val quotes =
                        async(start = UNDISPATCHED) { engine.flow<Quote>("Q.{s}").take(2).toList() }
                    val trades =
                        async(start = UNDISPATCHED) { engine.flow<Trade>("Q.{s}").take(1).toList() }
                    val onQuotes = CopyOnWriteArrayList<Quote>()
                    engine.on<Quote>("Q.{s}") { onQuotes += it }
                    val a = Quote("AAPL", 189.5)
                    val b = Quote("MSFT", 410.0)
                    engine.emit("Q.AAPL", a)
                    engine.emit("Q.AAPL", "not a quote")
                    engine.emit("Q.AAPL", a, b) // two arguments: not a typed message
                    engine.emit("Q.AAPL", null)
                    engine.emit("Q.AAPL")
                    engine.emit("Q.TSLA", Trade("TSLA", 10))
                    engine.emit("Q.MSFT", b, kwargs = mapOf("venue" to "X")) // kwargs do not matter
                    engine.deliverPending()
                    quotes.await() shouldContainExactly listOf(a, b)
                    trades.await() shouldContainExactly listOf(Trade("TSLA", 10))
                    onQuotes shouldContainExactly listOf(a, b)
                    engine.stats().subscriberDrops shouldBe 0 // skipped is not dropped
                }
            }
        }

        context(
            "a slow collector fails with SubscriberOverflowException or drops, as its policy says"
        ) {
            test(
                "SUSPEND with suspendTimeout ZERO is Overflow.FAIL, naming pattern, capacity, policy"
            ) {
                runTest {
                    EventEngine.create().use { engine ->
                        supervisorScope {
                            val failing =
                                async(start = UNDISPATCHED) {
                                    engine
                                        .flow("F.{n}", capacity = 2, suspendTimeout = Duration.ZERO)
                                        .collect {}
                                }
                            repeat(4) { engine.put("F.x", it) }
                            engine.deliverPending()
                            val error = shouldThrow<SubscriberOverflowException> { failing.await() }
                            error.pattern() shouldBe Topic.of("F.{n}")
                            error.bufferSize() shouldBe 2
                            error.overflow() shouldBe Overflow.FAIL
                            error.message shouldContain "'F.{n}'"
                            error.message shouldContain "buffer of 2 messages"
                            error.message shouldContain "policy FAIL"
                            error.message shouldContain "suspendTimeout is zero"
                            engine.size() shouldBe 0 // unregistered
                        }
                    }
                }
            }

            test(
                "SUSPEND with a positive suspendTimeout is Overflow.BLOCK: fails when the wait runs out"
            ) {
                EventEngine.builder().name("contract-block").build().use { engine ->
                    engine.start()
                    runBlocking {
                        supervisorScope {
                            val gate = CompletableDeferred<Unit>()
                            val slow =
                                async(Dispatchers.Default, start = UNDISPATCHED) {
                                    engine
                                        .flow(
                                            "B.{n}",
                                            capacity = 1,
                                            suspendTimeout = 50.milliseconds,
                                        )
                                        .collect { gate.await() }
                                }
                            repeat(3) { engine.emit("B.x", it) }
                            eventually("the overflow unregistered the collector") {
                                engine.size() == 0
                            }
                            gate.complete(Unit)
                            val error =
                                withTimeout(30.seconds) {
                                    shouldThrow<SubscriberOverflowException> { slow.await() }
                                }
                            error.overflow() shouldBe Overflow.BLOCK
                            error.bufferSize() shouldBe 1
                            error.message shouldContain "'B.{n}'"
                            error.message shouldContain "policy BLOCK"
                            error.message shouldContain
                                "was full for 50ms while the dispatcher waited"
                        }
                    }
                }
            }

            for ((policy, kept) in
                listOf(
                    BufferOverflow.DROP_LATEST to listOf(0, 1, 2),
                    BufferOverflow.DROP_OLDEST to listOf(0, 3, 4),
                )) {
                test("$policy keeps $kept and counts 2 drops in subscriberDrops") {
                    runTest {
                        EventEngine.create().use { engine ->
                            val got =
                                async(start = UNDISPATCHED) {
                                    engine
                                        .flow("D.{n}", capacity = 2, onBufferOverflow = policy)
                                        .take(3)
                                        .map { it.arg<Int>(0) }
                                        .toList()
                                }
                            repeat(5) { engine.put("D.x", it) }
                            engine.deliverPending()
                            got.await() shouldContainExactly kept
                            engine.stats().subscriberDrops shouldBe 2
                        }
                    }
                }
            }
        }

        test("close(): every collector receives what close delivered, then completes") {
            val engine = EventEngine.builder().name("contract-close").build()
            runBlocking {
                val all =
                    async(Dispatchers.Default, start = UNDISPATCHED) {
                        engine.flow("**").map { it.arg<Int>(0) }.toList()
                    }
                val some =
                    async(Dispatchers.Default, start = UNDISPATCHED) {
                        engine.flow("C.{n}").map { it.arg<Int>(0) }.toList()
                    }
                val typed =
                    async(Dispatchers.Default, start = UNDISPATCHED) {
                        engine.flow<Int>("C.{n}").toList()
                    }
                repeat(5) { engine.put(if (it % 2 == 0) "C.even" else "Other", it) }
                engine
                    .close() // stopped: close delivers the five on this thread, then ends the flows
                withTimeout(20.seconds) {
                    all.await() shouldContainExactly listOf(0, 1, 2, 3, 4)
                    some.await() shouldContainExactly listOf(0, 2, 4)
                    typed.await() shouldContainExactly listOf(0, 2, 4)
                }
                engine.stats().abandoned shouldBe 0
            }
        }

        test(
            "an emit waiting for room fails at once with IllegalStateException when the engine closes"
        ) {
            val release = CountDownLatch(1)
            val engine =
                EventEngine.builder()
                    .name("contract-closing")
                    .capacity(2)
                    .closeTimeout(EventEngine.FOREVER)
                    .build()
            engine.register("Hold") { release.await(30, TimeUnit.SECONDS) }
            engine.start()
            engine.put("Hold") // the dispatcher holds it until released
            eventuallyBlocking { engine.occupancy() == 0 }
            engine.put("Fill")
            engine.put("Fill")
            runBlocking {
                supervisorScope {
                    val waiting = async(Dispatchers.Default) { engine.emit("Late") }
                    eventually("the emit waits for room") {
                        engine.occupancy() == 2 && waiting.isActive
                    }
                    val closer = Thread { engine.close() } // waits for the held handler
                    closer.start()
                    // Fails while close() still waits to deliver: not after it.
                    val error =
                        withTimeout(10.seconds) {
                            shouldThrow<IllegalStateException> { waiting.await() }
                        }
                    error.message shouldContain "closed"
                    closer.isAlive shouldBe true
                    release.countDown()
                    closer.join(30_000)
                    closer.isAlive shouldBe false
                }
            }
            engine.stats().rejectedPuts shouldBe 0 // a closed-engine refusal is not a rejected put
        }

        test(
            "collecting a closed engine's flow throws its IllegalStateException (not making the flow)"
        ) {
            runTest {
                val engine = EventEngine.create()
                engine.close()
                val flow = engine.flow("A.{n}")
                val typed = engine.flow<Quote>("A.{n}")
                shouldThrow<IllegalStateException> { flow.collect {} }.message shouldContain
                    "closed"
                shouldThrow<IllegalStateException> { typed.collect {} }.message shouldContain
                    "closed"
                shouldThrow<IllegalStateException> { engine.emit("A.x") }.message shouldContain
                    "closed"
            }
        }

        test(
            "topics route by literal: a flow on Topic.join(\"a\", \"600010.SH\") gets emits on \"a.600010.SH\""
        ) {
            runTest {
                EventEngine.create().use { engine ->
                    val joined = Topic.join("a", "600010.SH")
                    joined shouldBe Topic.of("a.600010.SH")
                    val got =
                        async(start = UNDISPATCHED) {
                            engine.flow(joined).take(2).map { it.arg<Int>(0) }.toList()
                        }
                    val byLiteral =
                        async(start = UNDISPATCHED) {
                            engine.flow("a.600010.SH").take(2).map { it.arg<Int>(0) }.toList()
                        }
                    engine.emit("a.600010.SH", 1)
                    engine.emit(joined, 2)
                    engine.deliverPending()
                    got.await() shouldContainExactly listOf(1, 2)
                    byLiteral.await() shouldContainExactly listOf(1, 2)
                }
            }
        }
    })

/** Spins (bounded) until [condition] holds; for setup on threads outside any coroutine. */
private fun eventuallyBlocking(condition: () -> Boolean) {
    val deadline = System.nanoTime() + 10_000_000_000L
    while (!condition()) {
        check(System.nanoTime() < deadline) { "not true within 10 s" }
        Thread.sleep(1)
    }
}
