package io.eventengine.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import io.eventengine.spring.autoconfigure.EventEngineBuilderCustomizer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** The Java snippets of docs/spring-boot.md (DocSnippetsTest in doc-snippets checks the page against them). */
class SpringSnippetsTest {
    static final List<String> quotes = new CopyOnWriteArrayList<>();

    // snippet: spring-listener
    static class Desk {
        @TopicListener("Market.Data.{symbol}")
        public void quote(@TopicVariable("symbol") String symbol, @Kwarg("price") double price) {
            quotes.add(symbol + " " + price); // on the dispatcher thread: do not block
        }

        @TopicListener(value = "Orders.{id}", replyTo = "Acks.{id}")
        public String ack(@TopicVariable("id") String id, MessagePayload order) {
            return "accepted " + id; // published on Acks.<id>; its parent is the order
        }

        @TopicListener(value = "Risk.Check", replyTo = "Risk.Result")
        public Mono<Boolean> check(String account, double amount) {
            return Mono.just(amount < 1_000); // off the dispatcher; the result is published when it comes
        }
    }
    // end snippet

    // snippet: spring-customizer
    @Configuration(proxyBeanMethods = false)
    static class EngineTuning {
        @Bean
        EventEngineBuilderCustomizer quietStalls() {
            return builder -> builder.stallThreshold(Duration.ofSeconds(30)); // what properties cannot say
        }
    }
    // end snippet

    @Test
    void theListenerSnippetBindsAndReplies() {
        new ApplicationContextRunner()
                .withConfiguration(EventEngineAutoConfigurationTest.ALL)
                .withBean(Desk.class)
                .withUserConfiguration(EngineTuning.class)
                .run(context -> {
                    EventEngine engine = context.getBean(EventEngine.class);
                    List<MessagePayload> replies = new CopyOnWriteArrayList<>();
                    engine.register("Acks.*", replies::add);
                    engine.register("Risk.Result", replies::add);
                    engine.publish(Topic.of("Market.Data.AAPL"), List.of(), Map.of("price", 189.5));
                    engine.publish("Orders.o-1");
                    engine.publish("Risk.Check", "acct-9", 250.0);
                    await().until(() -> quotes.contains("AAPL 189.5") && replies.size() == 2);
                    assertThat(replies)
                            .extracting(m -> m.topic() + " " + m.args())
                            .containsExactlyInAnyOrder("Acks.o-1 [accepted o-1]", "Risk.Result [true]");
                });
    }
}
