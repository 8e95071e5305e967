package io.eventengine.eventlog

import io.eventengine.core.EventEngine
import io.eventengine.core.MessagePayload
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.io.ByteArrayInputStream
import java.io.UncheckedIOException
import java.util.concurrent.CopyOnWriteArrayList

/** The streaming reader reads what EventLog.load reads, one event at a time, once. */
class EventLogReaderSpec :
    FunSpec({
        fun line(id: String, tick: Int = 0, type: String = "a", n: Int = 1) =
            """{"tick": $tick, "timestamp": 1.5, "type": "$type", "data": {"n": $n}, "event_id": "$id", "parent_id": null}"""

        fun reader(text: String, lenient: Boolean = false, limits: RecordLimits? = null) =
            EventLogReader.of(
                ByteArrayInputStream(text.toByteArray()),
                "test.jsonl",
                EventLogOptions.defaults()
                    .withLenient(lenient)
                    .withLimits(limits ?: RecordLimits.defaults()),
            )

        /** A log of 3 ticks written by EventLog itself. */
        fun sampleLog(): EventLog {
            val log = EventLog(steppingOptions())
            val start = log.add("Game.Start", mapOf("level" to 1))
            log.advanceTick()
            log.add("Game.Hit", mapOf("damage" to 5), start)
            log.add("Game.Miss", NO_DATA)
            log.advanceTick()
            log.add("Game.Hit", mapOf("damage" to 7, "where" to listOf("x", 2.5)))
            log.add("Game.Over", NO_DATA)
            return log
        }

        fun textOf(log: EventLog): String =
            java.io.ByteArrayOutputStream().also { log.writeTo(it) }.toString(Charsets.UTF_8)

        test("it reads the same events as load, in file order, from a file or a stream") {
            val log = sampleLog()
            reader(textOf(log)).use { it.toList() shouldBe log.events() }
            withTempDir { dir ->
                val file = dir.resolve("log.jsonl")
                log.save(file)
                EventLogReader.open(file).use { r ->
                    r.toList() shouldBe EventLog.load(file).events()
                    r.isFinished shouldBe true
                    r.report().isClean shouldBe true
                    r.report().eventsLoaded() shouldBe 5
                    r.report().source() shouldBe file.toString()
                }
            }
        }

        test("filters by type and tick range; fold agrees with the in-memory fold") {
            val log = sampleLog()
            val text = textOf(log)
            reader(text).types("Game.Hit", "Game.Over").use { r ->
                r.map { it.type() } shouldContainExactly listOf("Game.Hit", "Game.Hit", "Game.Over")
                r.eventsRead() shouldBe 5L // the filtered-out ones are read too
            }
            reader(text).ticks(1, 1).use { r ->
                r.map { it.id() } shouldContainExactly log.eventsAtTick(1).map { it.id() }
            }
            reader(text).types(listOf("Game.Hit")).untilTick(1).use { r ->
                r.toList() shouldBe log.eventsUntil(1).filter { it.type() == "Game.Hit" }
            }
            val damage =
                java.util.function.BiFunction<Int, Event, Int> { total, e ->
                    total + ((e["damage"] as Number?)?.toInt() ?: 0)
                }
            reader(text).use { it.fold(0, damage) } shouldBe log.fold(0, damage)
            reader(text).untilTick(0).use { it.fold(0, damage) } shouldBe log.fold(0L, 0, damage)
            shouldThrow<IllegalArgumentException> { reader(text).ticks(5, 1) }.message shouldContain
                "5..1 is empty"
        }

        test("replayInto publishes what the in-memory replay publishes") {
            val log = sampleLog()
            val fromMemory = CopyOnWriteArrayList<MessagePayload>()
            val fromFile = CopyOnWriteArrayList<MessagePayload>()
            EventEngine.builder().name("replay").build().use { engine ->
                val registration = engine.register("Game.**") { fromMemory.add(it) }
                engine.start()
                log.replayInto(engine, 1) shouldBe 3
                awaitUntil("the in-memory replay") { fromMemory.size == 3 }
                registration.close()
                engine.register("Game.**") { fromFile.add(it) }
                reader(textOf(log)).untilTick(1).use { it.replayInto(engine) } shouldBe 3L
                awaitUntil("the streamed replay") { fromFile.size == 3 }
            }
            fromFile.map { it.topic().value() to it.kwargs() } shouldBe
                fromMemory.map { it.topic().value() to it.kwargs() }
            fromFile.map { it.args() } shouldBe listOf(NO_ARGS, NO_ARGS, NO_ARGS)
        }

        test("a torn last line is reported, not thrown, in strict mode too") {
            val text = line("0-A-1") + "\n" + line("0-A-2") + "\n" + line("0-A-3").take(30)
            reader(text).use { r ->
                r.map { it.id() } shouldContainExactly listOf("0-A-1", "0-A-2")
                val torn = r.report().tornLine().shouldNotBeNull()
                torn.lineNumber() shouldBe 3L
                torn.reason() shouldStartWith "torn last line (no line feed; not valid JSON"
                r.report().skippedLines() shouldBe emptyList()
            }
            reader(line("0-A-1") + "\n" + line("0-A-2")).use { r ->
                r.count() shouldBe 2 // a valid last line without a line feed is an event
                r.report().tornLine().shouldBeNull()
            }
        }

        test(
            "a corrupt middle line fails a strict read, naming the line; lenient skips and reports"
        ) {
            val text = line("0-A-1") + "\n" + "not json\n\n" + line("0-A-2") + "\n"
            val e =
                shouldThrow<CorruptLogException> {
                    reader(text).use { it.fold(0) { n, _ -> n + 1 } }
                }
            e.lineNumber() shouldBe 2L
            e.message shouldContain "'test.jsonl' at line 2"
            val seen = mutableListOf<String>()
            val wrapped =
                shouldThrow<UncheckedIOException> {
                    reader(text).use { r -> r.forEach { seen.add(it.id()) } }
                }
            (wrapped.cause as CorruptLogException).lineNumber() shouldBe 2L
            seen shouldContainExactly
                listOf("0-A-1") // events before the corrupt line were delivered
            EventEngine.builder().build().use { engine ->
                shouldThrow<CorruptLogException> { reader(text).use { it.replayInto(engine) } }
            }
            reader(text, lenient = true).use { r ->
                r.map { it.id() } shouldContainExactly listOf("0-A-1", "0-A-2")
                r.skippedCount() shouldBe 1L
                r.report().skippedLines().single().lineNumber() shouldBe 2L
                r.report().skippedLines().single().excerpt() shouldBe "not json"
            }
        }

        test("a line over maxLineBytes is dropped without holding it, and reading goes on") {
            val limits = RecordLimits.defaults().withMaxLineBytes(1000)
            val long =
                """{"tick": 0, "timestamp": 1.5, "type": "a", "data": {"s": "${"x".repeat(200_000)}"}, "event_id": "0-A-9", "parent_id": null}"""
            val text = line("0-A-1") + "\n" + long + "\n" + line("0-A-2") + "\n"
            reader(text, lenient = true, limits = limits).use { r ->
                r.map { it.id() } shouldContainExactly listOf("0-A-1", "0-A-2")
                val problem = r.report().skippedLines().single()
                problem.lineNumber() shouldBe 2L
                problem.reason() shouldContain
                    "the line has ${long.length} bytes, over RecordLimits.maxLineBytes"
            }
            // with the default limits the same line (longer than the read buffer) is an event
            reader(text).use { r ->
                r.map { it.id() } shouldContainExactly listOf("0-A-1", "0-A-9", "0-A-2")
            }
        }

        test("a record without event_id gets an id from its tick, type and line") {
            val text =
                line("0-A-1") +
                    "\n" +
                    """{"tick": 4, "timestamp": 1.0, "type": "Game.Hit", "data": {}}""" +
                    "\n"
            reader(text).use { r ->
                r.map { it.id() } shouldContainExactly listOf("0-A-1", "4-AADC-L2")
            }
        }

        test("a reader makes one pass; filters are set before it; closing ends it") {
            val text = line("0-A-1") + "\n" + line("0-A-2") + "\n"
            val r = reader(text)
            val events = r.iterator()
            shouldThrow<IllegalStateException> { r.types("a") }.message shouldContain
                "set filters before reading"
            shouldThrow<IllegalStateException> { r.iterator() }.message shouldContain "one pass"
            events.next().id() shouldBe "0-A-1"
            r.close()
            r.close()
            shouldThrow<IllegalStateException> { events.hasNext() }.message shouldContain "closed"
            shouldThrow<IllegalStateException> { r.iterator() }
            reader(text).stream().use { s -> s.map { it.id() }.toList() } shouldBe
                listOf("0-A-1", "0-A-2")
        }
    })
