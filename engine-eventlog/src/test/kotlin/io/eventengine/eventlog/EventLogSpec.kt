package io.eventengine.eventlog

import io.eventengine.core.EventEngine
import io.eventengine.core.MessagePayload
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.util.concurrent.CopyOnWriteArrayList

class EventLogSpec :
    FunSpec({
        /** Lines Python's Eventure wrote for the scenario of EventQuerySpec's first three ticks. */
        val eventureFile =
            """
            |{"tick": 0, "timestamp": 1700000000.0, "type": "enemy.defeated", "data": {"enemy": "dragon", "gold": 120}, "event_id": "0-ECDC-1", "parent_id": null}
            |{"tick": 0, "timestamp": 1700000000.5, "type": "treasure.drop", "data": {"item": "gold_coins", "weight": 1.5}, "event_id": "0-EDDA-1", "parent_id": "0-ECDC-1"}
            |{"tick": 0, "timestamp": 1700000001.0, "type": "player.levelup", "data": {"level": 2, "flags": [true, null, "x"]}, "event_id": "0-BFAD-1", "parent_id": "0-EDDA-1"}
            |{"tick": 0, "timestamp": 1700000001.5, "type": "weather.change", "data": {}, "event_id": "0-BBBC-1", "parent_id": null}
            |{"tick": 1, "timestamp": 1700000002.0, "type": "quest.complete", "data": {"quest": {"id": 7, "name": "Dragon's bane"}}, "event_id": "1-CFFA-1", "parent_id": "0-ECDC-1"}
            |{"tick": 1, "timestamp": 1700000002.5, "type": "treasure.drop", "data": {"item": "sword"}, "event_id": "1-EDDA-1", "parent_id": "0-EDDA-1"}
            |{"tick": 2, "timestamp": 1700000003.0, "type": "quest.reward", "data": {"xp": 1e+16}, "event_id": "2-FECC-1", "parent_id": "0-ECDC-1"}
            |{"tick": 2, "timestamp": 1700000003.5, "type": "ghost.appear", "data": {"note": "say \"hi\""}, "event_id": "2-AEFF-1", "parent_id": "9-ABCD-1"}
            |{"tick": 2, "timestamp": 1700000004.0, "type": "quest.reward.note", "data": {"ratio": 0.0001, "tiny": 1e-05, "neg": -2.5}, "event_id": "2-FFCE-1", "parent_id": "2-FECC-1"}
            |"""
                .trimMargin()

        test("events get the current tick; advanceTick moves it") {
            val log = EventLog()
            log.currentTick() shouldBe 0L
            val a = log.add("a", NO_DATA)
            log.advanceTick()
            log.advanceTick()
            val b = log.add("b", NO_DATA, a)
            a.tick() shouldBe 0L
            b.tick() shouldBe 2L
            b.parentId() shouldBe a.id()
            log.currentTick() shouldBe 2L
            log[b.id()] shouldBe b
            log["nope"].shouldBeNull()
        }

        test("events() is an unmodifiable live view; eventsAtTick and eventsUntil filter by tick") {
            val log = EventLog()
            val view = log.events()
            val a = log.add("a", NO_DATA)
            log.advanceTick()
            val b = log.add("b", NO_DATA)
            log.advanceTick()
            val c = log.add("c", NO_DATA)
            view shouldContainExactly listOf(a, b, c)
            shouldThrow<UnsupportedOperationException> { (view as MutableList<Event>).removeAt(0) }
            shouldThrow<UnsupportedOperationException> { (view as MutableList<Event>).add(a) }
            log.eventsAtTick(1) shouldContainExactly listOf(b)
            log.eventsUntil(1) shouldContainExactly listOf(a, b)
            log.eventsUntil(-1) shouldBe emptyList()
            log.size() shouldBe 3
        }

        test("a file Eventure wrote loads into the same events and saves byte for byte the same") {
            withTempDir { dir ->
                val file = dir.resolve("eventure.jsonl").writeText(eventureFile)
                val log = EventLog.load(file)
                log.size() shouldBe 9
                log.loadReport().isClean shouldBe true
                log.currentTick() shouldBe 2L // the highest tick loaded
                log["0-BFAD-1"]!!.data() shouldBe
                    mapOf("level" to 2, "flags" to listOf(true, null, "x"))
                val copy = dir.resolve("copy.jsonl")
                log.save(copy)
                copy.readText() shouldBe eventureFile
            }
        }

        test("save and load keep the events and the tick") {
            withTempDir { dir ->
                val log = EventLog(steppingOptions())
                val root = log.add("a", mapOf("n" to 1))
                log.advanceTick()
                log.add("b", mapOf("when" to java.time.Instant.EPOCH), root)
                log.advanceTick()
                log.advanceTick()
                log.add("c", NO_DATA)
                val file = dir.resolve("log.jsonl")
                log.save(file)
                val loaded = EventLog.load(file)
                loaded.events() shouldBe log.events()
                loaded.currentTick() shouldBe 3L
                Files.list(dir).use { it.count() } shouldBe 1L // no temporary file left
            }
        }

        test("a durable log writes each event as one line before add returns, and reopens") {
            withTempDir { dir ->
                val file = dir.resolve("durable.jsonl")
                EventLog.open(file, steppingOptions().withFsync(true)).use { log ->
                    log.file() shouldBe file
                    val a = log.add("user.login", mapOf("user" to 1))
                    Files.readAllLines(file) shouldContainExactly listOf(a.toJson())
                    log.advanceTick()
                    log.add("user.login", mapOf("user" to 2), a)
                    Files.readAllLines(file).size shouldBe 2
                }
                EventLog.open(file).use { log ->
                    log.size() shouldBe 2
                    log.currentTick() shouldBe 1L
                    log.add("user.login", NO_DATA).id() shouldBe "1-EFCF-2"
                }
                EventLog.load(file).events().map { it.id() } shouldContainExactly
                    listOf("0-EFCF-1", "1-EFCF-1", "1-EFCF-2")
            }
        }

        test(
            "a durable log locks its file, refuses adds after close and refuses to save over itself"
        ) {
            withTempDir { dir ->
                val file = dir.resolve("locked.jsonl")
                val log = EventLog.open(file)
                shouldThrow<java.io.IOException> { EventLog.open(file) }.message shouldContain
                    "already open"
                shouldThrow<IllegalArgumentException> { log.save(file) }.message shouldContain
                    "already appends"
                log.close()
                log.close()
                shouldThrow<IllegalStateException> { log.add("a", NO_DATA) }.message shouldContain
                    "closed"
                EventLog.open(file).close() // the lock was released
            }
        }

        test("replay republishes the log into an engine in order, up to a tick") {
            val log = EventLog()
            log.add("Game.Start", mapOf("level" to 1))
            log.advanceTick()
            log.add("Game.Hit", mapOf("damage" to 5))
            log.add("Game.Hit", mapOf("damage" to 7))
            log.advanceTick()
            log.add("Game.Over", NO_DATA)
            val seen = CopyOnWriteArrayList<MessagePayload>()
            EventEngine.builder().name("replay").build().use { engine ->
                engine.register("Game.**") { seen.add(it) }
                engine.start()
                log.replayInto(engine, 1) shouldBe 3
                awaitUntil("3 replayed messages") { seen.size == 3 }
                log.replayInto(engine) shouldBe 4
                awaitUntil("7 replayed messages") { seen.size == 7 }
            }
            seen.map { it.topic().value() } shouldContainExactly
                listOf(
                    "Game.Start",
                    "Game.Hit",
                    "Game.Hit",
                    "Game.Start",
                    "Game.Hit",
                    "Game.Hit",
                    "Game.Over",
                )
            seen[1].kwargs() shouldBe mapOf("damage" to 5)
            seen[2]["damage"] shouldBe 7
        }

        test("fold derives state from the events, up to a tick") {
            val log = EventLog()
            log.add("player.damage", mapOf("amount" to 10))
            log.add("item.pickup", mapOf("item" to "sword"))
            log.advanceTick()
            log.add("player.damage", mapOf("amount" to 25))
            val health = { until: Long ->
                log.fold(until, 100) { hp, e ->
                    if (e.type() == "player.damage") hp - (e["amount"] as Number).toInt() else hp
                }
            }
            health(0) shouldBe 90
            health(1) shouldBe 65
            log.fold(listOf<String>()) { items, e ->
                if (e.type() == "item.pickup") items + (e["item"] as String) else items
            } shouldBe listOf("sword")
        }
    })
