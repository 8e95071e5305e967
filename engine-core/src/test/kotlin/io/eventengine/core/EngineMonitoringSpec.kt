package io.eventengine.core

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.time.Duration
import jdk.jfr.Recording
import jdk.jfr.consumer.RecordingFile

class EngineMonitoringSpec :
    FunSpec({
        test("a JFR recording sees publish, dispatch, handler failure and queue-full events") {
            val file = Files.createTempFile("engine", ".jfr")
            Recording().use { recording ->
                listOf("Publish", "Dispatch", "HandlerFailure", "QueueFull").forEach {
                    recording.enable("io.eventengine.$it").withThreshold(Duration.ZERO)
                }
                recording.start()

                val engine = EventEngine.builder().capacity(2).name("jfr").build()
                engine.register("Jfr.Fail") { error("handler broke") }
                engine.put("Jfr.Ok", 1)
                engine.put("Jfr.Fail", 2)
                engine.tryPublish(Topic.of("Jfr.Full")) shouldBe false
                engine.close()

                recording.stop()
                recording.dump(file)
            }
            val events =
                RecordingFile.readAllEvents(file).filter {
                    it.eventType.name.startsWith("io.eventengine.")
                }
            Files.delete(file)

            val byName = events.groupBy { it.eventType.name }
            byName.keys shouldContainAll
                listOf(
                    "io.eventengine.Publish",
                    "io.eventengine.Dispatch",
                    "io.eventengine.HandlerFailure",
                    "io.eventengine.QueueFull",
                )
            byName.getValue("io.eventengine.Publish").map { it.getString("topic") } shouldContainAll
                listOf("Jfr.Ok", "Jfr.Fail")
            byName.getValue("io.eventengine.Dispatch").map { it.getLong("seqId") } shouldContainAll
                listOf(0L, 1L)
            val failure = byName.getValue("io.eventengine.HandlerFailure").single()
            failure.getString("topic") shouldBe "Jfr.Fail"
            failure.getLong("seqId") shouldBe 1L
            failure.getString("exceptionClass") shouldBe "java.lang.IllegalStateException"
            failure.getString("message") shouldBe "handler broke"
            val full = byName.getValue("io.eventengine.QueueFull").single()
            full.getString("topic") shouldBe "Jfr.Full"
            full.getInt("capacity") shouldBe 2
            full.getBoolean("accepted") shouldBe false
        }

        test("stats count published, dispatched, failures, rejections and per-hook timings") {
            EventEngine.builder().capacity(4).hookStats(true).name("stats").build().use { engine ->
                val ok = EventHandler {}
                val bad = EventHandler { error("no") }
                engine.register("S.{x}", ok)
                engine.register("S.{x}", bad)
                repeat(3) { engine.put("S.a") }
                engine.put("Unrouted")
                engine.tryPublish(Topic.of("S.b")) shouldBe false

                val before = engine.stats()
                before.published shouldBe 4
                before.dispatched shouldBe 0
                before.occupancy shouldBe 4
                before.capacity shouldBe 4
                before.rejectedPuts shouldBe 1

                engine.stop(true, Duration.ofSeconds(10)) shouldBe 0
                val after = engine.stats()
                after.published shouldBe 4
                after.dispatched shouldBe 4
                after.occupancy shouldBe 0
                after.handlerFailures shouldBe 3
                val hook = after.hooks.single()
                hook.topic shouldBe Topic.of("S.{x}")
                hook.triggers shouldBe 3
                hook.handlers.map { it.calls } shouldBe listOf(3L, 3L)
                hook.handlers[1].failures shouldBe 3
                hook.totalNanos shouldBeGreaterThan 0
            }
        }
    })
