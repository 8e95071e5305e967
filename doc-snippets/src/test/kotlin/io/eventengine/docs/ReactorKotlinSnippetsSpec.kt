package io.eventengine.docs

import io.eventengine.core.EventEngine
import io.eventengine.core.Overflow
import io.eventengine.reactor.FluxOptions
import io.eventengine.reactor.ReactorEngine
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.reactor.awaitSingle

/**
 * The Kotlin snippet of docs/reactor.md: calling engine-reactor's Mono-returning publish from a coroutine.
 */
class ReactorKotlinSnippetsSpec :
    FunSpec({
        test("reactor-kotlin: a flux with DROP_OLDEST, publish and tryPublish from Kotlin") {
            val seen = CopyOnWriteArrayList<Double>()
            // snippet: reactor-kotlin
            EventEngine.builder().build().use { engine ->
                engine.start()
                val rx = ReactorEngine.of(engine)
                val subscription = rx.flux("Market.Data.{symbol}", FluxOptions.defaults().withOverflow(Overflow.DROP_OLDEST))
                    .map { it.getDouble("price") }
                    .subscribe { seen += it }
                rx.publish("Market.Data.AAPL", listOf<Any>(), mapOf("price" to 189.5)).block()
                // with kotlinx-coroutines-reactor, await instead of block: suspends, never blocks a thread
                val queued: Boolean = rx.tryPublish("Market.Data.MSFT", listOf<Any>(), mapOf("price" to 410.2)).awaitSingle()
                engine.stop(true, EventEngine.FOREVER)          // both delivered
                subscription.dispose()                          // unregisters
            }
            // end snippet
            seen shouldBe listOf(189.5, 410.2)
        }
    })
