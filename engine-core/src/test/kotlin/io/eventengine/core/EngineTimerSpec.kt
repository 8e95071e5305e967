package io.eventengine.core

import io.eventengine.test.ManualClock
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import java.time.Instant
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * Timers in virtual time: a ManualClock moves, the scheduler thread fires; nothing sleeps on
 * wall-clock time.
 */
class EngineTimerSpec :
    FunSpec({
        val start = Instant.parse("2026-01-01T10:00:00.250Z")

        class Harness(activateAt: Instant = start) : AutoCloseable {
            val clock = ManualClock(activateAt)
            val engine = EventEngine.builder().clock(clock).name("timers").build()
            val ticks = LinkedBlockingQueue<MessagePayload>()

            fun listen(topic: Topic) {
                engine.register(topic) { ticks.put(it) }
            }

            fun next(): MessagePayload =
                ticks.poll(10, TimeUnit.SECONDS) ?: error("no tick within 10 s of wall-clock time")

            /**
             * Nothing more arrives: once the scheduler sleeps again, every tick the last advance
             * made due is queued, so a probe put now lands after them.
             */
            fun assertQuiet() {
                clock.awaitSleeper(Duration.ofSeconds(10)) shouldBe true
                val probe = Topic.of("Probe")
                engine.register(probe) { ticks.put(it) }
                engine.put(probe)
                next().topic() shouldBe probe
            }

            override fun close() = engine.close()
        }

        test("the same interval returns the same topic, with PyEventEngine's names") {
            Harness().use { h ->
                h.engine.timer(Duration.ofSeconds(1)) shouldBe
                    Topic.of("EventEngine.Internal.Timer.Second")
                h.engine.timer(Duration.ofSeconds(60)) shouldBe
                    Topic.of("EventEngine.Internal.Timer.Minute")
                h.engine.timer(Duration.ofSeconds(5)) shouldBe
                    Topic.of("EventEngine.Internal.Timer.5")
                h.engine.timer(Duration.ofMillis(1500)) shouldBe
                    Topic.of("EventEngine.Internal.Timer.1500ms")
                h.engine.timer(Duration.ofSeconds(5)) shouldBe h.engine.timer(Duration.ofSeconds(5))
                shouldThrow<IllegalArgumentException> { h.engine.timer(Duration.ZERO) }
                    .message shouldContain "positive"
                shouldThrow<IllegalArgumentException> { h.engine.timer(Duration.ofNanos(1500)) }
            }
        }

        test(
            "the second timer is aligned to wall-clock seconds and stamps the second that just ended"
        ) {
            Harness().use { h ->
                val topic = h.engine.timer(Duration.ofSeconds(1))
                h.listen(topic)
                h.engine.start()
                h.clock.advance(Duration.ofMillis(750)) // 10:00:01.000
                val tick = h.next()
                tick.topic() shouldBe topic
                tick["timestamp"] shouldBe Instant.parse("2026-01-01T10:00:00Z")
                tick["interval"] shouldBe Duration.ofSeconds(1)
                h.clock.advance(Duration.ofMillis(999)) // 10:00:01.999: not yet
                h.assertQuiet()
                h.clock.advance(Duration.ofMillis(1))
                h.next()["timestamp"] shouldBe Instant.parse("2026-01-01T10:00:01Z")
            }
        }

        test("missed ticks are skipped, never fired in a burst") {
            Harness().use { h ->
                val topic = h.engine.timer(Duration.ofSeconds(1))
                h.listen(topic)
                h.engine.start()
                h.clock.advance(Duration.ofSeconds(5)) // 10:00:05.250: five boundaries passed
                h.next()["timestamp"] shouldBe Instant.parse("2026-01-01T10:00:04Z")
                h.assertQuiet()
                h.clock.advance(Duration.ofMillis(750)) // 10:00:06.000
                h.next()["timestamp"] shouldBe Instant.parse("2026-01-01T10:00:05Z")
            }
        }

        test("the minute timer is aligned to minutes") {
            Harness().use { h ->
                val topic = h.engine.timer(Duration.ofMinutes(1))
                h.listen(topic)
                h.engine.start()
                h.clock.advance(Duration.ofSeconds(59))
                h.assertQuiet()
                h.clock.advance(Duration.ofMillis(750)) // 10:01:00.000
                h.next()["timestamp"] shouldBe Instant.parse("2026-01-01T10:00:00Z")
            }
        }

        test("other intervals tick at once, then every interval, with trigger_time") {
            Harness().use { h ->
                val topic = h.engine.timer(Duration.ofSeconds(5))
                h.listen(topic)
                h.engine.start()
                val first = h.next()
                first["trigger_time"] shouldBe start
                first["interval"] shouldBe Duration.ofSeconds(5)
                h.clock.advance(Duration.ofSeconds(4))
                h.assertQuiet()
                h.clock.advance(Duration.ofSeconds(1))
                h.next()["trigger_time"] shouldBe start.plusSeconds(5)
                h.clock.advance(Duration.ofSeconds(12)) // due at +10 and +15: only +15 fires
                h.next()["trigger_time"] shouldBe start.plusSeconds(15)
                h.assertQuiet()
            }
        }

        test("activateAt delays the first tick") {
            Harness().use { h ->
                val topic = h.engine.timer(Duration.ofSeconds(2), start.plusSeconds(10))
                h.listen(topic)
                h.engine.start()
                h.clock.advance(Duration.ofSeconds(9))
                h.assertQuiet()
                h.clock.advance(Duration.ofSeconds(1))
                h.next()["trigger_time"] shouldBe start.plusSeconds(10)
            }
        }

        test("each tick has its own kwargs map") {
            Harness().use { h ->
                val topic = h.engine.timer(Duration.ofSeconds(1))
                h.listen(topic)
                h.engine.start()
                h.clock.advance(Duration.ofMillis(750))
                val a = h.next()
                h.clock.advance(Duration.ofSeconds(1))
                val b = h.next()
                (a.kwargs() === b.kwargs()) shouldBe false
                listOf(a["timestamp"], b["timestamp"]) shouldContainExactly
                    listOf(
                        Instant.parse("2026-01-01T10:00:00Z"),
                        Instant.parse("2026-01-01T10:00:01Z"),
                    )
            }
        }

        test("stop interrupts the timer thread at once and no timer thread outlives close") {
            val h = Harness()
            h.listen(h.engine.timer(Duration.ofHours(1)))
            h.engine.start()
            h.next() // the first tick of a custom timer comes at once
            h.engine.stop()
            Thread.getAllStackTraces().keys.filter {
                it.name == "timers-timer" && it.isAlive
            } shouldBe emptyList()
            h.engine.start()
            h.engine.close()
            Thread.getAllStackTraces().keys.filter {
                it.name.startsWith("timers-") && it.isAlive
            } shouldBe emptyList()
        }

        test("a timer tick that finds the queue full is dropped and counted") {
            val clock = ManualClock(start)
            EventEngine.builder().clock(clock).capacity(2).name("full-timers").build().use { e ->
                val release = java.util.concurrent.CountDownLatch(1)
                val blocking = java.util.concurrent.CountDownLatch(1)
                e.register("Block") {
                    blocking.countDown()
                    release.await()
                }
                e.timer(Duration.ofSeconds(1))
                e.start()
                e.put("Block")
                blocking.await(10, TimeUnit.SECONDS) shouldBe
                    true // the dispatcher is stuck in the handler
                e.put("Filler")
                e.put("Filler")
                clock.advance(Duration.ofSeconds(1))
                clock.awaitSleeper(Duration.ofSeconds(10)) shouldBe true
                e.stats().timerTicksDropped shouldBe 1
                release.countDown()
            }
        }
    })
