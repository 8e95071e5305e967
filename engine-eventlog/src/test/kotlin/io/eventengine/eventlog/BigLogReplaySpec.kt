package io.eventengine.eventlog

import io.eventengine.core.EventEngine
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import java.io.BufferedOutputStream
import java.nio.file.Files
import java.util.concurrent.atomic.AtomicLong

/**
 * A log larger than the heap replays through [EventLogReader] into a running engine. It runs in its
 * own surefire execution ("big-log" in engine-eventlog/pom.xml) with a small heap, and is excluded
 * from the default one; the first assertion checks that the heap is small indeed.
 */
class BigLogReplaySpec :
    FunSpec({
        test("a log twice the size of the heap replays into an engine, event by event") {
            val heap = Runtime.getRuntime().maxMemory()
            withClue("run by the big-log execution (-Xmx48m), not in a JVM with a large heap") {
                heap shouldBeLessThan 64L * 1024 * 1024
            }
            withTempDir { dir ->
                val file = dir.resolve("big.jsonl")
                // ~330-byte lines, written as Eventure's format with ids of the log's form
                val pad = "p".repeat(200)
                val hit = Event.typeHash("Game.Hit")
                val miss = Event.typeHash("Game.Miss")
                var lines = 0L
                var hits = 0L
                var hitSum = 0L
                BufferedOutputStream(Files.newOutputStream(file), 1 shl 16).use { out ->
                    val sb = StringBuilder(512)
                    while (true) {
                        if (lines % 1000 == 0L) {
                            out.flush()
                            if (Files.size(file) > 2 * heap) break
                        }
                        val tick = lines / 100
                        val isHit = lines % 3 != 0L
                        sb.setLength(0)
                        sb.append("{\"tick\": ").append(tick)
                        sb.append(", \"timestamp\": 1700000000.5, \"type\": \"")
                        sb.append(if (isHit) "Game.Hit" else "Game.Miss")
                        sb.append("\", \"data\": {\"n\": ").append(lines)
                        sb.append(", \"pad\": \"").append(pad).append("\"}, \"event_id\": \"")
                        sb.append(tick).append('-').append(if (isHit) hit else miss).append('-')
                        sb.append(lines % 100 + 1).append("\", \"parent_id\": null}\n")
                        out.write(sb.toString().toByteArray(Charsets.US_ASCII))
                        if (isHit) {
                            hits++
                            hitSum += lines
                        }
                        lines++
                    }
                    out.write("{\"tick\": 9, \"timest".toByteArray()) // a torn tail
                }
                Files.size(file) shouldBeGreaterThan 2 * heap

                val handledHits = AtomicLong()
                val handledSum = AtomicLong()
                val handledMisses = AtomicLong()
                EventEngine.builder().name("big-replay").capacity(1024).build().use { engine ->
                    engine.register("Game.Hit") {
                        handledHits.incrementAndGet()
                        handledSum.addAndGet(it.kwargs()["n"].let { n -> (n as Number).toLong() })
                    }
                    engine.register("Game.Miss") { handledMisses.incrementAndGet() }
                    engine.start()
                    EventLogReader.open(file).use { reader ->
                        reader.replayInto(engine) shouldBe lines
                        reader.eventsRead() shouldBe lines
                        reader.report().tornLine().shouldNotBeNull().lineNumber() shouldBe lines + 1
                    }
                    awaitUntil("every replayed event handled") {
                        handledHits.get() + handledMisses.get() == lines
                    }
                }
                handledHits.get() shouldBe hits
                handledMisses.get() shouldBe lines - hits
                handledSum.get() shouldBe hitSum

                // a filtered fold over the same file, in the same small heap
                EventLogReader.open(file).types("Game.Hit").use { reader ->
                    reader.fold(0L) { sum, e -> sum + (e["n"] as Number).toLong() } shouldBe hitSum
                }
            }
        }
    })
