package io.eventengine.coroutines

import io.eventengine.core.MessagePayload
import io.eventengine.core.Topic
import io.eventengine.test.ManualClock
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.time.Instant
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineStart.UNDISPATCHED
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout

@OptIn(ExperimentalCoroutinesApi::class)
class TickerFlowSpec :
    FunSpec({
        context("tickerFlow: a coroutine ticker, in runTest's virtual time") {
            test("ticks 0, 1, 2, … every period, the first at once") {
                runTest {
                    eventEngine().use { engine ->
                        engine
                            .tickerFlow(1.seconds)
                            .take(4)
                            .map { it to currentTime }
                            .toList() shouldBe
                            listOf(0L to 0L, 1L to 1_000L, 2L to 2_000L, 3L to 3_000L)
                    }
                }
            }

            test("an initial delay comes first") {
                runTest {
                    eventEngine().use { engine ->
                        engine
                            .tickerFlow(250.milliseconds, initialDelay = 1.seconds)
                            .take(3)
                            .map { currentTime }
                            .toList() shouldBe listOf(1_000L, 1_250L, 1_500L)
                    }
                }
            }

            test(
                "a slow collector gets the latest tick when it is done: never a burst, gaps show misses"
            ) {
                runTest {
                    eventEngine().use { engine ->
                        engine
                            .tickerFlow(1.seconds)
                            .onEach { delay(2_200.milliseconds) }
                            .take(4)
                            .toList() shouldBe listOf(0L, 2L, 4L, 6L)
                    }
                }
            }

            test("it completes when the engine closes, and leaves nothing running") {
                runTest {
                    val engine = eventEngine()
                    val ticks = async { engine.tickerFlow(1.seconds).toList() }
                    advanceTimeBy(2_500.milliseconds)
                    engine.close()
                    runCurrent()
                    ticks.isCompleted shouldBe true
                    ticks.await() shouldContainExactly listOf(0L, 1L, 2L)
                    // runTest itself fails when a coroutine is still running at its end.
                }
            }

            test("periods must be positive and finite") {
                eventEngine().use { engine ->
                    shouldThrow<IllegalArgumentException> { engine.tickerFlow(Duration.ZERO) }
                    shouldThrow<IllegalArgumentException> { engine.tickerFlow(Duration.INFINITE) }
                    shouldThrow<IllegalArgumentException> {
                        engine.tickerFlow(1.seconds, initialDelay = (-1).seconds)
                    }
                }
            }
        }

        context("timer flows: the engine's timers, in the virtual time of a ManualClock") {
            val start = Instant.parse("2026-01-01T10:00:00.250Z")

            test(
                "secondTimerFlow: aligned to wall-clock seconds, stamped with the second that ended"
            ) {
                val clock = ManualClock(start)
                eventEngine {
                    name = "seconds"
                    this.clock = clock
                }
                    .use { engine ->
                        engine.start()
                        val ticks = Channel<MessagePayload>(Channel.UNLIMITED)
                        val job =
                            launch(Dispatchers.Default, start = UNDISPATCHED) {
                                engine.secondTimerFlow(capacity = 16).collect { ticks.send(it) }
                            }
                        engine.topics() shouldContainExactly
                            listOf(Topic.of("EventEngine.Internal.Timer.Second"))
                        clock.advance(java.time.Duration.ofMillis(750)) // 10:00:01.000
                        val first = withTimeout(10.seconds) { ticks.receive() }
                        first.kwarg<Instant>("timestamp") shouldBe
                            Instant.parse("2026-01-01T10:00:00Z")
                        first.kwarg<java.time.Duration>("interval") shouldBe
                            java.time.Duration.ofSeconds(1)
                        clock.awaitSleeper(java.time.Duration.ofSeconds(10)) shouldBe true
                        clock.advance(java.time.Duration.ofSeconds(1))
                        withTimeout(10.seconds) { ticks.receive() }
                            .kwarg<Instant>("timestamp") shouldBe
                            Instant.parse("2026-01-01T10:00:01Z")
                        job.cancelAndJoin()
                        engine.size() shouldBe 0
                    }
            }

            test("minuteTimerFlow: aligned to wall-clock minutes") {
                val clock = ManualClock(start)
                eventEngine {
                    name = "minutes"
                    this.clock = clock
                }
                    .use { engine ->
                        engine.start()
                        val ticks = Channel<MessagePayload>(Channel.UNLIMITED)
                        val job =
                            launch(Dispatchers.Default, start = UNDISPATCHED) {
                                engine.minuteTimerFlow(capacity = 16).collect { ticks.send(it) }
                            }
                        clock.advance(java.time.Duration.ofSeconds(59)) // 10:00:59.250: not yet
                        clock.awaitSleeper(java.time.Duration.ofSeconds(10)) shouldBe true
                        ticks.tryReceive().isSuccess shouldBe false
                        clock.advance(java.time.Duration.ofMillis(750)) // 10:01:00.000
                        withTimeout(10.seconds) { ticks.receive() }
                            .kwarg<Instant>("timestamp") shouldBe
                            Instant.parse("2026-01-01T10:00:00Z")
                        job.cancelAndJoin()
                        engine.size() shouldBe 0
                    }
            }

            test(
                "timerFlow for any interval, first tick at once; a busy collector keeps the latest tick"
            ) {
                val clock = ManualClock(start)
                eventEngine {
                    name = "timer"
                    this.clock = clock
                }
                    .use { engine ->
                        engine.start()
                        val ticks = Channel<MessagePayload>(Channel.UNLIMITED)
                        val job =
                            launch(Dispatchers.Default, start = UNDISPATCHED) {
                                engine.timerFlow(5.seconds, capacity = 16).collect {
                                    ticks.send(it)
                                }
                            }
                        engine.topics() shouldContainExactly
                            listOf(Topic.of("EventEngine.Internal.Timer.5"))
                        withTimeout(10.seconds) { ticks.receive() }
                            .kwarg<Instant>("trigger_time") shouldBe start
                        job.cancelAndJoin()
                        shouldThrow<IllegalArgumentException> { engine.timerFlow(1.5.milliseconds) }
                        shouldThrow<IllegalArgumentException> { engine.timerFlow(0.minutes) }
                    }
            }
        }
    })
