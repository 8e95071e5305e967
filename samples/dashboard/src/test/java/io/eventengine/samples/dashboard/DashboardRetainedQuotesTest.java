package io.eventengine.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventengine.core.EventEngine;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/**
 * Quotes are retained: a stream opened after they were published (the feed is off, nothing is published after) starts
 * with each symbol's last quote, in publish order; trades are not retained.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dashboard.feed.enabled=false")
class DashboardRetainedQuotesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Value("${local.server.port}")
    int port;

    @Autowired
    EventEngine engine;

    @Test
    void aNewStreamStartsWithEverySymbolsLastQuote() {
        WebTestClient client = DashboardClient.on(port);
        publish(client, "Market.Data.AAPL", 189.5);
        publish(client, "Market.Data.MSFT", 410.2);
        publish(client, "Market.Data.AAPL", 190.1); // replaces AAPL's 189.5
        publish(client, "Market.Equity.Trade", 1.0); // not a quote: not retained
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (engine.retained("Market.Data.*").size() < 2
                || (double) engine.retained("Market.Data.AAPL").get(0).get("price") != 190.1) {
            assertThat(System.nanoTime() - deadline)
                    .as("the quotes were dispatched")
                    .isNegative();
            Thread.onSpinWait();
        }
        assertThat(engine.retained("Market.Equity.Trade")).isEmpty();

        StepVerifier.create(client.get()
                        .uri(b -> b.path("/api/stream")
                                .queryParam("pattern", "{p}")
                                .build("Market.**"))
                        .accept(MediaType.TEXT_EVENT_STREAM)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .returnResult(DashboardClient.SSE)
                        .getResponseBody()
                        .filter(e -> "message".equals(e.event()))
                        .take(2))
                .assertNext(e -> assertQuote(e, "Market.Data.MSFT", 410.2))
                .assertNext(e -> assertQuote(e, "Market.Data.AAPL", 190.1))
                .expectComplete()
                .verify(WAIT);
    }

    private static void publish(WebTestClient client, String topic, double price) {
        client.post()
                .uri("/api/publish/{topic}", topic)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kwargs", Map.of("price", price)))
                .exchange()
                .expectStatus()
                .isAccepted();
    }

    @SuppressWarnings("unchecked")
    private static void assertQuote(ServerSentEvent<Map<String, Object>> e, String topic, double price) {
        assertThat(e.data().get("topic")).isEqualTo(topic);
        assertThat(((Map<String, Object>) e.data().get("kwargs")).get("price")).isEqualTo(price);
    }
}
