package io.eventengine.docs

import io.eventengine.core.EventEngine
import io.eventengine.eventlog.EventLog
import io.eventengine.eventlog.EventRecorder
import io.eventengine.eventlog.TickSource
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList

/** The Kotlin snippets that need only engine-core and engine-eventlog (docs/core.md, docs/eventlog.md). */
class KotlinSnippetsSpec :
    FunSpec({
        test("core-engine-kotlin: a handler, a put, unregistering") {
            val printed = CopyOnWriteArrayList<Any?>()
            // snippet: core-engine-kotlin
            EventEngine.builder().capacity(8192).build().use { engine ->
                val registration = engine.register("Market.Data.{symbol}") { msg -> printed += msg["price"] }
                engine.start()
                engine.publish("Market.Data.AAPL", listOf<Any>(), mapOf("price" to 189.5))
                engine.stop(true, EventEngine.FOREVER)               // delivers what is queued, then stops
                registration.close()                                 // unregisters
                engine.hooks().size                                  // 0
            }
            // end snippet
            printed shouldBe listOf(189.5)
        }

        test("eventlog-kotlin: recording an engine, with causal links") {
            val cascade: String
            // snippet: eventlog-kotlin
            val log = EventLog()
            EventEngine.builder().build().use { engine ->
                engine.register("Game.Hit") { msg -> engine.put("Game.Damage", msg[0]) }    // a handler that publishes
                EventRecorder.builder(engine, log)
                    .pattern("Game.**")                                                    // default "**": everything
                    .tickSource(TickSource.timer(Duration.ofSeconds(1)))                   // or manual(), topic("Game.Tick")
                    .start()
                    .use {
                        engine.start()
                        engine.put("Game.Hit", 5)
                        engine.stop(true, EventEngine.FOREVER)     // delivers the hit and the damage it causes
                    }                                              // close() stops recording
            }
            val hit = log.query().eventsByType("Game.Hit").single()
            val damage = log.query().eventsByType("Game.Damage").single()
            check(damage.parentId() == hit.id())               // the causal link, from the payload's parentSeqId
            check(damage["args"] == listOf(5))                 // positional args; kwargs would be the data itself
            print(log.query().formatEventCascade(false))
            // end snippet
            cascade = log.query().formatEventCascade(false)
            cascade shouldContain "Game.Damage"
            log.size() shouldBe 2
        }
    })
