package io.eventengine.eventlog

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayInputStream
import java.math.BigInteger
import java.nio.file.Files

/**
 * Issue 12: the writer and the reader share one set of record limits, so every record that add()
 * acknowledged loads back, and a record over a limit is refused before anything is written.
 */
/** A data case: its name, the event data, and the limit add() must name when it refuses it. */
private fun case(name: String, data: Map<String, Any>, limit: String?) = Triple(name, data, limit)

class RecordLimitsSpec :
    FunSpec({
        test("a string over the limit is refused at add(), and every acknowledged record reopens") {
            withTempDir { dir ->
                val file = dir.resolve("big.jsonl")
                val refused =
                    EventLog.open(file).use { log ->
                        val big = runCatching {
                            log.add("big", mapOf("s" to "x".repeat(25_000_000)))
                        }
                        log.add("small", mapOf("n" to 1))
                        big.exceptionOrNull()
                    }
                // the durable log reopens, strictly, with every acknowledged event
                EventLog.open(file).use { log ->
                    log.loadReport().isClean shouldBe true
                    log.events().map { it.type() } shouldContainExactly listOf("small")
                }
                EventLog.load(file, EventLogOptions.defaults().withLenient(true)).events().map {
                    it.type()
                } shouldContainExactly listOf("small")
                val e = (refused as? IllegalArgumentException)
                requireNotNull(e) { "add() acknowledged a 25,000,000-char string: $refused" }
                e.message shouldContain "data['s']"
                e.message shouldContain "25000000 characters"
                e.message shouldContain "maxStringLength"
                e.message shouldContain "EventLogOptions"
            }
        }

        context("whatever add() acknowledges loads back; what it refuses names the limit") {
            withData(
                nameFn = { it.first },
                case("a key of 50,001 characters", mapOf("k".repeat(50_001) to 1), null),
                case(
                    "an integer of 1,001 digits",
                    mapOf("n" to BigInteger.TEN.pow(1_000)),
                    "maxNumberLength",
                ),
                case("an integer of 1,000 digits", mapOf("n" to BigInteger.TEN.pow(999)), null),
            ) { (_, data, limit) ->
                val log = EventLog()
                val added = runCatching { log.add("case", data) }
                if (limit == null) {
                    added.getOrThrow()
                    val out = java.io.ByteArrayOutputStream()
                    log.writeTo(out)
                    val loaded =
                        EventLog.read(
                            ByteArrayInputStream(out.toByteArray()),
                            "case.jsonl",
                            EventLogOptions.defaults(),
                        )
                    loaded.events() shouldBe log.events()
                } else {
                    val e = shouldThrow<IllegalArgumentException> { added.getOrThrow() }
                    e.message shouldContain limit
                    log.size() shouldBe 0
                }
            }
        }

        test("advanceTick() at the last tick fails and keeps the tick") {
            val max = Long.MAX_VALUE
            val line =
                """{"tick": $max, "timestamp": 1.5, "type": "a", "data": {}, "event_id": "$max-A-1", "parent_id": null}"""
            val log =
                EventLog.read(
                    ByteArrayInputStream((line + "\n").toByteArray()),
                    "max.jsonl",
                    EventLogOptions.defaults(),
                )
            log.currentTick() shouldBe max
            val e = shouldThrow<IllegalStateException> { log.advanceTick() }
            e.message shouldContain "$max"
            log.currentTick() shouldBe max
            log.add("b", NO_DATA).tick() shouldBe max
        }
        val small =
            RecordLimits.defaults()
                .withMaxLineBytes(1000)
                .withMaxStringLength(100)
                .withMaxNestingDepth(3)
                .withMaxNumberLength(40)

        context("with small limits, each limit is checked at its boundary") {
            withData(
                nameFn = { it.first },
                case("a string of 100 characters", mapOf("s" to "x".repeat(100)), null),
                case(
                    "a string of 101 characters",
                    mapOf("s" to "x".repeat(101)),
                    "data['s'] has 101 characters, over RecordLimits.maxStringLength (100 characters)",
                ),
                case(
                    "a key of 101 characters",
                    mapOf("k".repeat(101) to 1),
                    "has 101 characters, over RecordLimits.maxStringLength",
                ),
                case("3 levels", mapOf("a" to mapOf("b" to listOf(1))), null),
                case(
                    "4 levels",
                    mapOf("a" to mapOf("b" to listOf(listOf(1)))),
                    "data['a']['b'][0] nests 4 levels, over RecordLimits.maxNestingDepth (3 levels)",
                ),
                case(
                    "an integer of 40 digits",
                    mapOf("n" to BigInteger.TEN.pow(39).negate()),
                    null,
                ),
                case(
                    "an integer of 41 digits",
                    mapOf("n" to BigInteger.TEN.pow(40)),
                    "data['n'] has 41 digits, over RecordLimits.maxNumberLength (40 digits)",
                ),
                // over the cheap bound (6 bytes a character) but short when written: measured,
                // accepted
                case(
                    "two ASCII strings of 90",
                    mapOf("a" to "x".repeat(90), "b" to "y".repeat(90)),
                    null,
                ),
                // written as \u00e9, 6 bytes a character
                case("one non-ASCII string of 100", mapOf("a" to "\u00e9".repeat(100)), null),
                case(
                    "two non-ASCII strings of 100",
                    mapOf("a" to "\u00e9".repeat(100), "b" to "\u00e9".repeat(100)),
                    "bytes, over RecordLimits.maxLineBytes (1000 bytes)",
                ),
            ) { (_, data, refusal) ->
                withTempDir { dir ->
                    val file = dir.resolve("small.jsonl")
                    val options = EventLogOptions.defaults().withLimits(small)
                    EventLog.open(file, options).use { log ->
                        log.add("before", NO_DATA)
                        val bytesBefore = Files.size(file)
                        val added = runCatching { log.add("case", data) }
                        if (refusal == null) {
                            added.getOrThrow().data() shouldBe data
                        } else {
                            val e = shouldThrow<IllegalArgumentException> { added.getOrThrow() }
                            e.message shouldContain refusal
                            e.message shouldContain "so the event was not added"
                            e.message shouldContain "EventLogOptions.withLimits"
                            // nothing written, nothing added, the log goes on
                            Files.size(file) shouldBe bytesBefore
                            log.size() shouldBe 1
                        }
                        log.add("after", NO_DATA).id() shouldBe "0-ABBC-1"
                    }
                    val reopened = EventLog.open(file, options)
                    reopened.use { log ->
                        log.loadReport().isClean shouldBe true
                        log.events().map { it.type() } shouldContainExactly
                            (if (refusal == null) listOf("before", "case", "after")
                            else listOf("before", "after"))
                    }
                    EventLogReader.open(file, options).use { reader ->
                        reader.map { it.type() } shouldBe reopened.events().map { it.type() }
                    }
                }
            }
        }

        test("the event type and the parent id are held to the string limit too") {
            val log = EventLog(EventLogOptions.defaults().withLimits(small))
            shouldThrow<IllegalArgumentException> { log.add("t".repeat(101), NO_DATA) }
                .message shouldContain "The event type has 101 characters"
            val foreign = Event("p".repeat(101), 0, 1.0, "a", NO_DATA, null)
            shouldThrow<IllegalArgumentException> { log.add("a", NO_DATA, foreign) }
                .message shouldContain "The parent id has 101 characters"
            log.size() shouldBe 0
        }

        test("the default nesting limit holds at 500 levels for writing and reading alike") {
            fun nested(levels: Int): Map<String, Any> {
                var value: Any = 1
                repeat(levels - 1) { value = listOf(value) }
                return mapOf("x" to value)
            }
            val log = EventLog()
            log.add("deep", nested(500))
            shouldThrow<IllegalArgumentException> { log.add("deeper", nested(501)) }
                .message shouldContain "nests 501 levels, over RecordLimits.maxNestingDepth (500"
            val out = java.io.ByteArrayOutputStream()
            log.writeTo(out)
            EventLog.read(
                    ByteArrayInputStream(out.toByteArray()),
                    "deep",
                    EventLogOptions.defaults(),
                )
                .events() shouldBe log.events()

            // the deepest that may be configured writes and reads too
            val deepest =
                EventLogOptions.defaults()
                    .withLimits(RecordLimits.defaults().withMaxNestingDepth(1000))
            val deep = EventLog(deepest)
            deep.add("deepest", nested(1000))
            val text = java.io.ByteArrayOutputStream().also { deep.writeTo(it) }.toByteArray()
            EventLog.read(ByteArrayInputStream(text), "deepest", deepest).events() shouldBe
                deep.events()
            // a reader with smaller limits calls it corrupt, naming the limits and what to do
            shouldThrow<CorruptLogException> {
                    EventLog.read(ByteArrayInputStream(text), "deepest", EventLogOptions.defaults())
                }
                .reason() shouldContain "over the record limits"
        }

        test("a reader with smaller limits than the writer reports the line, naming the limit") {
            val line =
                """{"tick": 0, "timestamp": 1.5, "type": "a", "data": {"s": "${"x".repeat(2000)}"}, "event_id": "0-A-1", "parent_id": null}"""
            val ok =
                """{"tick": 0, "timestamp": 1.5, "type": "a", "data": {}, "event_id": "0-A-2", "parent_id": null}"""
            val text = (line + "\n" + ok + "\n").toByteArray()
            val options = EventLogOptions.defaults().withLimits(small)
            val e =
                shouldThrow<CorruptLogException> {
                    EventLog.read(ByteArrayInputStream(text), "long.jsonl", options)
                }
            e.lineNumber() shouldBe 1L
            e.reason() shouldContain
                "the line has ${line.length} bytes, over RecordLimits.maxLineBytes (1000"
            e.reason() shouldContain "withMaxLineBytes"
            val lenient =
                EventLog.read(ByteArrayInputStream(text), "long.jsonl", options.withLenient(true))
            lenient.events().map { it.id() } shouldContainExactly listOf("0-A-2")
            lenient.loadReport().skippedLines().single().excerpt().length shouldBe 203
        }

        test("limits out of range are refused, naming the limit") {
            shouldThrow<IllegalArgumentException> {
                    RecordLimits.defaults().withMaxNestingDepth(1001)
                }
                .message shouldBe "RecordLimits.maxNestingDepth is 1001; it must be from 1 to 1000"
            shouldThrow<IllegalArgumentException> { RecordLimits.defaults().withMaxLineBytes(10) }
                .message shouldContain "RecordLimits.maxLineBytes is 10"
            shouldThrow<IllegalArgumentException> { RecordLimits.defaults().withMaxNumberLength(5) }
                .message shouldContain "RecordLimits.maxNumberLength is 5"
            EventLogOptions.defaults().limits() shouldBe RecordLimits.defaults()
            RecordLimits.defaults() shouldBe RecordLimits(32 * 1024 * 1024, 20_000_000, 500, 1000)
        }
    })
