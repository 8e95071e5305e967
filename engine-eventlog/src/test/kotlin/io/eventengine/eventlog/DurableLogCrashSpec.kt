package io.eventengine.eventlog

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.RandomAccessFile
import java.nio.file.Files
import java.nio.file.Path
import java.util.Random
import java.util.concurrent.TimeUnit

/**
 * Real faults for the durable log: a child JVM ([CrashAppender]) appends, with and without fsync,
 * and prints each acknowledged id; the test kills it with SIGKILL (`destroyForcibly`) 24 times,
 * reusing the file, then reopens it each time. Every acknowledged event must be there, a torn tail
 * must be reported, and the file must take appends and reopen cleanly. A quarter of the kills come
 * at a random moment among small appends; the others come while the child writes one large event (4
 * MB), once the file has begun to grow, so that some kills tear the last line for real.
 *
 * This kills the process, not the operating system: what write() handed to the kernel survives in
 * the page cache either way, so without fsync it shows that an event acknowledged after its write
 * returned survives a process crash. Surviving an OS crash or a power loss needs fsync, which only
 * a machine crash could test.
 */
class DurableLogCrashSpec :
    FunSpec({
        test("SIGKILL at random moments loses no acknowledged event, with and without fsync") {
            withTempDir { dir ->
                var file = dir.resolve("crash-0.jsonl")
                val java = ProcessHandle.current().info().command().orElseThrow()
                val classpath = System.getProperty("java.class.path")
                val random = Random(12L)
                val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(80)
                var rounds = 0
                var torn = 0
                var acknowledged = 0
                while (rounds < 24 && System.nanoTime() < deadline) {
                    val fsync = rounds % 2 == 0
                    val bigRound = rounds % 4 != 0
                    if (Files.exists(file) && Files.size(file) > 16L * 1024 * 1024) {
                        // a fresh file now and then keeps each reopen quick; each is still killed
                        // many times
                        file = dir.resolve("crash-$rounds.jsonl")
                    }
                    val bigAfter = if (bigRound) random.nextInt(20) else -1
                    val err = dir.resolve("child-$rounds.err")
                    // stdout goes to a file, read after the kill: every "ack" the child wrote is in
                    // it
                    val out = dir.resolve("child-$rounds.out")
                    val child =
                        ProcessBuilder(
                                java,
                                "-Xmx512m",
                                "-cp",
                                classpath,
                                CrashAppender::class.java.name,
                                file.toString(),
                                fsync.toString(),
                                bigAfter.toString(),
                                BIG_CHARS.toString(),
                            )
                            .redirectOutput(out.toFile())
                            .redirectError(err.toFile())
                            .start()
                    fun childFailure() = "child of round $rounds: " + err.readText()
                    fun awaitLine(line: String) {
                        val giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20)
                        while (
                            out.readText().lines().none { it == line || it.startsWith("$line ") }
                        ) {
                            check(child.isAlive) {
                                "the child died before '$line': ${childFailure()}"
                            }
                            check(System.nanoTime() < giveUp) {
                                "no '$line' from the child within 20 s: ${childFailure()}"
                            }
                            Thread.sleep(1)
                        }
                    }
                    awaitLine("ready")
                    if (bigRound) {
                        awaitLine("big")
                        // the events before are on file; kill once the large write has begun,
                        // at once or a little later, so the kill lands in it or just after it
                        val before = Files.size(file)
                        val giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20)
                        while (Files.size(file) == before && System.nanoTime() < giveUp) Thread
                            .onSpinWait()
                        val extra = System.nanoTime() + random.nextInt(3_000_000)
                        while (System.nanoTime() < extra) Thread.onSpinWait()
                    } else {
                        Thread.sleep(20L + random.nextInt(300))
                    }
                    child.destroyForcibly() // SIGKILL on Linux
                    child.waitFor(20, TimeUnit.SECONDS) shouldBe true
                    withClue({ childFailure() }) {
                        child.exitValue() shouldBe 137
                    } // killed, not exited
                    // only whole lines: a line the kill cut short was not printed, so not
                    // acknowledged
                    val printed = out.readText()
                    val acked =
                        printed
                            .substring(0, printed.lastIndexOf('\n') + 1)
                            .lines()
                            .filter {
                                it.startsWith("ack ")
                            }
                            .map { it.substring(4) }
                    acknowledged += acked.size

                    val endsInLineFeed = endsInLineFeed(file)
                    EventLog.open(file).use { log ->
                        for (id in acked) {
                            withClue("round $rounds (fsync $fsync): acknowledged $id") {
                                log[id].shouldNotBeNull()
                            }
                        }
                        val tornLine = log.loadReport().tornLine()
                        if (endsInLineFeed) {
                            tornLine.shouldBeNull()
                        } else {
                            torn++
                            tornLine.shouldNotBeNull().lineNumber() shouldBe log.size() + 1L
                            tornLine.reason() shouldContain "${file.fileName}.torn"
                        }
                        log.skippedLinesShouldBeEmpty()
                        log.add("crash.verify", mapOf("round" to rounds)) // appendable again
                    }
                    EventLog.load(file).loadReport().isClean shouldBe true // and clean on reopen
                    rounds++
                }
                println(
                    "DurableLogCrashSpec: $rounds kills, $acknowledged acknowledged events, $torn torn tails"
                )
                rounds shouldBeGreaterThanOrEqual 20
                // a SIGKILL stops a large write() between pages (seen here in most large rounds),
                // so
                // some kills must have torn the last line: the torn-tail path above was exercised
                withClue("no kill tore the last line") { torn shouldBeGreaterThanOrEqual 1 }
            }
        }
    })

/** The large event's string: a write long enough for a kill to land in it now and then. */
private const val BIG_CHARS = 4_000_000

private fun EventLog.skippedLinesShouldBeEmpty() {
    loadReport().skippedLines() shouldBe emptyList()
}

private fun endsInLineFeed(file: Path): Boolean {
    if (!Files.exists(file) || Files.size(file) == 0L) return true
    RandomAccessFile(file.toFile(), "r").use { f ->
        f.seek(f.length() - 1)
        return f.read() == '\n'.code
    }
}
