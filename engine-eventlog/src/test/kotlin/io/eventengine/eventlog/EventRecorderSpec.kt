package io.eventengine.eventlog

import io.eventengine.core.EventEngine
import io.eventengine.core.Topic
import io.eventengine.test.ManualClock
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.time.Duration
import java.time.Instant

class EventRecorderSpec :
    FunSpec({
        val start = Instant.parse("2026-01-01T10:00:00.250Z")

        fun engine(clock: ManualClock = ManualClock(start)) =
            EventEngine.builder().clock(clock).name("recorded").build()

        test("a child published by a handler is recorded with its parent's event id") {
            val log = EventLog()
            engine().use { engine ->
                engine.register("Game.Hit") { msg ->
                    engine.publish(
                        Topic.of("Game.Damage"),
                        NO_ARGS,
                        mapOf("amount" to msg["power"]),
                    )
                }
                EventRecorder.record(engine, log).use { recorder ->
                    engine.start()
                    engine.publish(Topic.of("Game.Hit"), NO_ARGS, mapOf("power" to 5))
                    awaitUntil("both messages recorded") { log.size() == 2 }
                    recorder.recorded() shouldBe 2L
                }
            }
            val (hit, damage) = log.events()
            hit.type() shouldBe "Game.Hit"
            hit.parentId() shouldBe null
            damage.type() shouldBe "Game.Damage"
            damage.parentId() shouldBe hit.id()
            damage.data() shouldBe mapOf("amount" to 5)
            hit.timestamp() shouldBe 1_767_261_600.25 // the publish time, on the engine's clock
            log.query().cascadeEvents(hit) shouldContainExactly listOf(hit, damage)
        }

        test("a pattern limits what is recorded; a child of an unrecorded message is a root") {
            val log = EventLog()
            engine().use { engine ->
                engine.register("Other.Thing") {
                    engine.publish(Topic.of("Game.FromOther"), NO_ARGS, NO_DATA)
                }
                EventRecorder.record(engine, log, "Game.**").use {
                    engine.start()
                    engine.put("Other.Thing")
                    engine.put("Game.Direct", "a", 1)
                    awaitUntil("two Game messages") { log.size() == 2 }
                }
            }
            // Game.Direct was queued before the handler of Other.Thing published Game.FromOther
            val byType = log.events().associateBy { it.type() }
            byType.keys shouldBe setOf("Game.FromOther", "Game.Direct")
            byType["Game.FromOther"]!!.parentId() shouldBe null
            byType["Game.Direct"]!!.data() shouldBe mapOf("args" to listOf("a", 1))
        }

        test(
            "an engine timer as tick source: the timer message opens its tick, java.time kwargs as ISO"
        ) {
            val clock = ManualClock(start)
            val log = EventLog()
            engine(clock).use { engine ->
                EventRecorder.builder(engine, log)
                    .tickSource(TickSource.timer(Duration.ofSeconds(1)))
                    .start()
                    .use {
                        engine.start()
                        engine.put("Game.Before")
                        awaitUntil("the first message") { log.size() == 1 }
                        clock.awaitSleeper(Duration.ofSeconds(10)) shouldBe true
                        clock.advance(Duration.ofMillis(750)) // 10:00:01: the second timer fires
                        awaitUntil("the timer message") { log.size() == 2 }
                        engine.put("Game.After")
                        awaitUntil("the last message") { log.size() == 3 }
                    }
            }
            val (before, timer, after) = log.events()
            before.tick() shouldBe 0L
            timer.type() shouldBe "EventEngine.Internal.Timer.Second"
            timer.tick() shouldBe 1L
            timer.data() shouldBe mapOf("interval" to "PT1S", "timestamp" to "2026-01-01T10:00:00Z")
            after.tick() shouldBe 1L
            log.currentTick() shouldBe 1L
        }

        test("a topic as tick source, and manual ticks") {
            val log = EventLog()
            engine().use { engine ->
                val recorder =
                    EventRecorder.builder(engine, log)
                        .pattern("Game.Move")
                        .tickSource(TickSource.topic("Game.Tick"))
                        .start()
                engine.start()
                engine.put("Game.Move")
                engine.put("Game.Tick")
                engine.put("Game.Move")
                awaitUntil("two moves") { log.size() == 2 }
                recorder.advanceTick()
                engine.put("Game.Move")
                awaitUntil("three moves") { log.size() == 3 }
                recorder.close()
                recorder.close()
                engine.put("Game.Move")
                engine.put("Game.Tick")
                engine.stop(true, Duration.ofSeconds(10))
            }
            log.events().map { it.tick() } shouldContainExactly listOf(0L, 1L, 2L)
            log.currentTick() shouldBe 2L
        }

        test("a recorded session replays into a fresh engine and folds into state") {
            val log = EventLog()
            engine().use { engine ->
                EventRecorder.record(engine, log).use {
                    engine.start()
                    engine.publish(Topic.of("Account.Deposit"), NO_ARGS, mapOf("amount" to 100))
                    engine.publish(Topic.of("Account.Withdraw"), NO_ARGS, mapOf("amount" to 30))
                    awaitUntil("two messages") { log.size() == 2 }
                }
            }
            val balance =
                log.fold(0) { sum, e ->
                    val amount = (e["amount"] as Number).toInt()
                    if (e.type().endsWith("Deposit")) sum + amount else sum - amount
                }
            balance shouldBe 70

            val replayed = java.util.concurrent.CopyOnWriteArrayList<String>()
            engine().use { fresh ->
                fresh.register("Account.**") { replayed += "${it.topic()} ${it["amount"]}" }
                fresh.start()
                log.replayInto(fresh) shouldBe 2
                awaitUntil("two replayed") { replayed.size == 2 }
            }
            replayed shouldContainExactly listOf("Account.Deposit 100", "Account.Withdraw 30")
        }
    })
