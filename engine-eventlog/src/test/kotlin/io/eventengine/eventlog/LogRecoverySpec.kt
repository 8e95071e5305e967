package io.eventengine.eventlog

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.io.ByteArrayInputStream
import java.nio.file.Files

/** Crash-torn and corrupt files: what is kept, what is reported, what fails and how. */
class LogRecoverySpec :
    FunSpec({
        fun line(id: String, tick: Int = 0, type: String = "a") =
            """{"tick": $tick, "timestamp": 1.5, "type": "$type", "data": {"k": 1}, "event_id": "$id", "parent_id": null}"""

        val good = line("0-A-1") + "\n" + line("0-A-2") + "\n"

        fun read(text: String, lenient: Boolean = false): EventLog =
            EventLog.read(
                ByteArrayInputStream(text.toByteArray()),
                "test.jsonl",
                EventLogOptions.defaults().withLenient(lenient),
            )

        test("a torn last line is kept out and reported, in strict mode too") {
            val torn = good + line("0-A-3").substring(0, 40)
            for (lenient in listOf(false, true)) {
                val log = read(torn, lenient)
                log.events().map { it.id() } shouldContainExactly listOf("0-A-1", "0-A-2")
                val report = log.loadReport()
                report.isClean shouldBe false
                report.skippedLines() shouldBe emptyList()
                val problem = report.tornLine().shouldNotBeNull()
                problem.lineNumber() shouldBe 3L
                problem.reason() shouldStartWith "torn last line"
                problem.excerpt() shouldBe line("0-A-3").substring(0, 40)
            }
        }

        test("a complete last line without a line feed is loaded") {
            val log = read(good + line("0-A-3"))
            log.size() shouldBe 3
            log.loadReport().isClean shouldBe true
        }

        test("opening a torn file cuts the torn line off, and appends start on a fresh line") {
            withTempDir { dir ->
                val file = dir.resolve("torn.jsonl").writeText(good + "{\"tick\": 0, \"timest")
                EventLog.open(file).use { log ->
                    val torn = log.loadReport().tornLine().shouldNotBeNull()
                    torn.lineNumber() shouldBe 3L
                    torn.reason() shouldContain "torn.jsonl.torn"
                    file.readText() shouldBe good
                    log.add("a", NO_DATA)
                }
                // nothing is destroyed: the torn bytes are kept beside the log
                dir.resolve("torn.jsonl.torn").readText() shouldBe "{\"tick\": 0, \"timest\n"
                val reopened = EventLog.load(file)
                reopened.loadReport().isClean shouldBe true
                reopened.size() shouldBe 3
            }
        }

        test("opening a file whose last line has no line feed adds one before appending") {
            withTempDir { dir ->
                val file = dir.resolve("nolf.jsonl").writeText(good + line("0-A-3"))
                EventLog.open(file).use { log -> log.add("a", NO_DATA) }
                val lines = Files.readAllLines(file)
                lines.size shouldBe 4
                lines[2] shouldBe line("0-A-3")
                EventLog.load(file).size() shouldBe 4
            }
        }

        context("a corrupt line in the middle fails a strict load, naming the line") {
            withData(
                nameFn = { it.first },
                "not JSON" to "{\"tick\": 0, \"timest",
                "not an object" to "[1, 2]",
                "no type" to """{"tick": 0, "timestamp": 1.0, "data": {}}""",
                "negative tick" to """{"tick": -1, "timestamp": 1.0, "type": "a", "data": {}}""",
                "tick as text" to """{"tick": "0", "timestamp": 1.0, "type": "a", "data": {}}""",
                "data not an object" to """{"tick": 0, "timestamp": 1.0, "type": "a", "data": 3}""",
                "trailing garbage" to line("0-A-9") + " x",
                "duplicate id" to line("0-A-1"),
            ) { (_, bad) ->
                val text = line("0-A-1") + "\n" + bad + "\n" + line("0-A-2") + "\n"
                val e = shouldThrow<CorruptLogException> { read(text) }
                e.lineNumber() shouldBe 2L
                e.source() shouldBe "test.jsonl"
                e.message shouldContain "'test.jsonl' at line 2"
                e.message shouldContain "withLenient(true)"

                val lenient = read(text, lenient = true)
                lenient.events().map { it.id() } shouldContainExactly listOf("0-A-1", "0-A-2")
                val skipped = lenient.loadReport().skippedLines()
                skipped.map { it.lineNumber() } shouldContainExactly listOf(2L)
                skipped[0].reason() shouldBe e.reason()
                lenient.loadReport().tornLine().shouldBeNull()
            }
        }

        test("the reasons say what is wrong") {
            shouldThrow<CorruptLogException> {
                    read("""{"tick": 0, "timestamp": 1.0, "data": {}}""" + "\n")
                }
                .reason() shouldContain "\"type\" must be a string, but is missing"
            shouldThrow<CorruptLogException> { read(line("0-A-1") + "\n" + line("0-A-1") + "\n") }
                .reason() shouldBe "event_id '0-A-1' is already used by line 1"
        }

        test("bytes that are not UTF-8 make a corrupt line") {
            val bytes =
                (line("0-A-1") + "\n").toByteArray() + byteArrayOf(-1, -2, '\n'.code.toByte())
            shouldThrow<CorruptLogException> {
                    EventLog.read(ByteArrayInputStream(bytes), "bin", EventLogOptions.defaults())
                }
                .reason() shouldBe "not UTF-8 text"
        }

        test("a torn line followed by more lines is a corrupt middle line") {
            val text = good + "{\"tick\": 0, \"tim" + "\n" + line("0-A-3") + "\n"
            shouldThrow<CorruptLogException> { read(text) }.lineNumber() shouldBe 3L
        }

        test("blank lines, CRLF line ends and a byte-order mark are accepted") {
            val text = "\uFEFF" + line("0-A-1") + "\r\n\r\n   \n" + line("0-A-2") + "\r\n"
            val log = read(text)
            log.size() shouldBe 2
            log.loadReport().isClean shouldBe true
        }

        test("a strict open of a corrupt file fails without changing or locking it") {
            withTempDir { dir ->
                val text = line("0-A-1") + "\nnot json\n" + line("0-A-2") + "\n"
                val file = dir.resolve("corrupt.jsonl").writeText(text)
                shouldThrow<CorruptLogException> { EventLog.open(file) }.message shouldContain
                    "corrupt.jsonl' at line 2"
                file.readText() shouldBe text
                EventLog.open(file, EventLogOptions.defaults().withLenient(true)).use { log ->
                    log.loadReport().skippedLines().single().lineNumber() shouldBe 2L
                    log.add("a", NO_DATA)
                }
                EventLog.load(file, EventLogOptions.defaults().withLenient(true)).size() shouldBe 3
            }
        }
    })
