package io.eventengine.core

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import jdk.jfr.Recording
import jdk.jfr.consumer.RecordingFile

/** A handler that holds the dispatcher past the stall threshold is reported while it still runs. */
class StallReportSpec :
    FunSpec({
        fun awaitTrue(what: String, condition: () -> Boolean) {
            val end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
            while (!condition()) {
                check(System.nanoTime() < end) { "timed out waiting for $what" }
                Thread.sleep(5)
            }
        }

        test(
            "a stalled handler is logged with its frame, counted and recorded as a JFR event while it runs"
        ) {
            val release = CountDownLatch(1)
            val entered = CountDownLatch(1)
            val original = System.err
            val log = ByteArrayOutputStream()
            val jfr = Files.createTempFile("stall", ".jfr")
            Recording().use { recording ->
                recording.enable("io.eventengine.HandlerStall")
                recording.start()
                EventEngine.builder()
                    .name("stalling")
                    .stallThreshold(Duration.ofMillis(200))
                    .build()
                    .use { e ->
                        e.register("Slow.{what}") {
                            entered.countDown()
                            release.await()
                        }
                        System.setErr(
                            PrintStream(log, true)
                        ) // before the put: the report may come before we look
                        try {
                            e.start()
                            e.put("Slow.Report")
                            entered.await(10, TimeUnit.SECONDS) shouldBe true
                            awaitTrue("the stall report") { e.stats().handlerStalls == 1L }
                            e.isRunning() shouldBe true // reported while the handler still runs
                        } finally {
                            System.setErr(original)
                            release.countDown()
                        }
                    }
                recording.stop()
                recording.dump(jfr)
            }
            val text = log.toString()
            text shouldContain "Engine 'stalling'"
            text shouldContain "of the hook on 'Slow.{what}' handling seq 0 on 'Slow.Report'"
            text shouldContain "StallReportSpec.kt" // the handler's own frame
            text shouldContain "stall threshold 200 ms"
            val events =
                RecordingFile.readAllEvents(jfr).filter {
                    it.eventType.name == "io.eventengine.HandlerStall"
                }
            Files.delete(jfr)
            events.size shouldBe 1
            events[0].getString("hookTopic") shouldBe "Slow.{what}"
            events[0].getString("topic") shouldBe "Slow.Report"
            events[0].getLong("seqId") shouldBe 0
            events[0].getString("handler") shouldContain "StallReportSpec.kt"
            events[0].getLong("stalledMillis") shouldBeGreaterThanOrEqual 200
        }

        test("quick handlers are never reported, and a threshold of zero turns the watchdog off") {
            EventEngine.builder().name("quick").stallThreshold(Duration.ofMillis(50)).build().use {
                e ->
                val done = CountDownLatch(1_000)
                e.register("Quick") { done.countDown() }
                e.start()
                repeat(1_000) { e.put("Quick") }
                done.await(10, TimeUnit.SECONDS) shouldBe true
                Thread.sleep(200) // four watchdog periods over an idle dispatcher
                e.stats().handlerStalls shouldBe 0
            }
            EventEngine.builder().name("unwatched").stallThreshold(Duration.ZERO).build().use { e ->
                e.start()
                Thread.getAllStackTraces().keys.none { it.name == "unwatched-watchdog" } shouldBe
                    true
            }
        }
    })
