package io.eventengine.spring

import io.eventengine.core.EventEngine
import io.eventengine.core.MessagePayload
import java.util.concurrent.CopyOnWriteArrayList
import kotlinx.coroutines.delay
import org.assertj.core.api.Assertions.assertThat
import org.awaitility.Awaitility.await
import org.junit.jupiter.api.Test
import org.springframework.boot.test.context.runner.ApplicationContextRunner

/**
 * A Kotlin `suspend` listener: called through Spring's coroutine support, its result published on
 * `replyTo`.
 */
class SuspendListenerTest {
    // snippet: spring-kotlin
    class Pricer {
        @TopicListener("Quotes.{symbol}", replyTo = "Priced.{symbol}")
        suspend fun price(
            @TopicVariable("symbol") symbol: String,
            @Kwarg("price") price: Double,
        ): String {
            delay(10) // suspends: the dispatcher is not held meanwhile
            return "$symbol at $price"
        }
    }

    // end snippet

    @Test
    fun `a suspend listener's result is published on the reply topic`() {
        ApplicationContextRunner()
            .withConfiguration(EventEngineAutoConfigurationTest.ALL)
            .withBean(Pricer::class.java)
            .run { context ->
                val engine = context.getBean(EventEngine::class.java)
                val replies = CopyOnWriteArrayList<MessagePayload>()
                engine.register("Priced.*") { replies.add(it) }
                engine.publish("Quotes.AAPL", listOf<Any>(), mapOf("price" to 1.5))
                engine.publish("Quotes.MSFT", listOf<Any>(), mapOf("price" to 2))
                await().until { replies.size == 2 }
                assertThat(replies.map { "${it.topic()}=${it.args()}" })
                    .containsExactlyInAnyOrder(
                        "Priced.AAPL=[AAPL at 1.5]",
                        "Priced.MSFT=[MSFT at 2.0]",
                    )
            }
    }
}
