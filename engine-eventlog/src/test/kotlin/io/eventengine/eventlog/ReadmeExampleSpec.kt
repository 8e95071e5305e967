package io.eventengine.eventlog

import io.eventengine.core.EventEngine
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.time.Duration

/** The Kotlin example of README-eventlog.md, kept compiling and true. */
class ReadmeExampleSpec :
    FunSpec({
        test("the README's recording example links the damage to the hit") {
            val log = EventLog()
            EventEngine.builder().build().use { engine ->
                engine.register("Game.Hit") { msg -> engine.put("Game.Damage", msg[0]) }
                EventRecorder.builder(engine, log)
                    .pattern("Game.**")
                    .tickSource(TickSource.timer(Duration.ofSeconds(1)))
                    .start()
                    .use {
                        engine.start()
                        engine.put("Game.Hit", 5)
                        awaitUntil("the hit and the damage") { log.size() == 2 }
                    }
            }
            val hit = log.query().eventsByType("Game.Hit").single()
            val damage = log.query().eventsByType("Game.Damage").single()
            damage.parentId() shouldBe hit.id()
            damage["args"] shouldBe listOf(5)
            log.query().formatEventCascade(false).lines().count { it.contains("Game.") } shouldBe 2
        }
    })
