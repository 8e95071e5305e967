package io.eventengine.docs

import io.eventengine.core.EventEngine
import io.eventengine.core.MessagePayload
import io.eventengine.core.monitoring.EngineMonitoring
import io.eventengine.core.monitoring.EventSet
import io.eventengine.core.monitoring.MonitorAction
import io.eventengine.core.monitoring.MonitoringEvent
import io.eventengine.core.monitoring.MonitoringTool
import io.eventengine.micrometer.EngineMetrics
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.micrometer.core.instrument.simple.SimpleMeterRegistry
import java.time.Duration
import java.util.concurrent.atomic.AtomicLong

/** The Kotlin snippets of docs/monitoring.md and docs/micrometer.md. */
class MonitoringSnippetsSpec :
    FunSpec({
        test("a tool in Kotlin") {
            EventEngine.builder().name("kt").build().use { engine ->
                engine.register("Jobs.{id}") {}
                // snippet: monitoring-kotlin
                val dispatched = AtomicLong()
                val monitoring = engine.monitoring()
                monitoring.useToolId(EngineMonitoring.PROFILER_ID, "dispatch-counter")
                monitoring.registerCallbacks(
                    EngineMonitoring.PROFILER_ID,
                    object : MonitoringTool {
                        override fun onDispatch(message: MessagePayload, hooks: Int): MonitorAction {
                            dispatched.incrementAndGet()
                            return MonitorAction.CONTINUE
                        }
                    },
                )
                monitoring.setEvents(EngineMonitoring.PROFILER_ID, EventSet.of(MonitoringEvent.DISPATCH))
                repeat(3) { engine.put("Jobs.$it") }
                engine.stop(true, Duration.ofSeconds(5))
                // dispatched.get() == 3
                // end snippet
                dispatched.get() shouldBe 3
            }
        }

        test("the binder in Kotlin") {
            EventEngine.builder().name("kt-metrics").build().use { engine ->
                // snippet: micrometer-kotlin
                val registry = SimpleMeterRegistry()
                EngineMetrics.builder(engine).tags("app", "worker").build().use { metrics ->
                    metrics.bindTo(registry)
                    engine.put("Jobs.1")
                    registry.get("eventengine.queue.occupancy").gauge().value() // 1.0
                }
                // end snippet
                registry.find("eventengine.published").meters().size shouldBe 0
            }
        }
    })
