package io.eventengine.coroutines

import io.eventengine.core.MessagePayload
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.reactor.asFlux
import reactor.core.publisher.Flux

/**
 * The README's interop recipe: a flow becomes a Flux with kotlinx-coroutines-reactor (a test
 * dependency here: engine-coroutines itself never depends on Reactor or on engine-reactor).
 */
class FluxInteropSpec :
    FunSpec({
        test("engine.flow(...).asFlux(): Reactor's request and cancel map onto collection") {
            eventEngine { name = "flux" }
                .use { engine ->
                    engine.start()
                    val quotes: Flux<MessagePayload> = engine.flow("Market.Data.{symbol}").asFlux()
                    val firstThree =
                        quotes.map { it.topic().value() }.take(3).collectList().toFuture()
                    eventually("the Flux subscribed, so the flow registered") { engine.size() == 1 }
                    listOf("AAPL", "MSFT", "GOOG", "AMZN").forEach {
                        engine.emit("Market.Data.$it")
                    }
                    firstThree.get(10, TimeUnit.SECONDS) shouldBe
                        listOf("Market.Data.AAPL", "Market.Data.MSFT", "Market.Data.GOOG")
                    eventually("take(3) cancelled the subscription, so the flow unregistered") {
                        engine.size() == 0
                    }
                }
        }
    })
