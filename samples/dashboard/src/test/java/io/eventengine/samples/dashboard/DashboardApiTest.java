package io.eventengine.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The HTTP API against a real port, with the simulated feed running. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardApiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Value("${local.server.port}")
    int port;

    WebTestClient client;

    @BeforeEach
    void client() {
        client = DashboardClient.on(port);
    }

    private Flux<ServerSentEvent<Map<String, Object>>> stream(String pattern) {
        return client.get()
                .uri(b -> b.path("/api/stream").queryParam("pattern", "{p}").build(pattern))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(DashboardClient.SSE)
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kwargs(ServerSentEvent<Map<String, Object>> e) {
        return (Map<String, Object>) e.data().get("kwargs");
    }

    @Test
    void streamsTheFeedForAPattern() {
        StepVerifier.create(stream("Market.Data.{symbol}")
                        .filter(e -> "message".equals(e.event()))
                        .take(12))
                .thenConsumeWhile(e -> {
                    assertThat((String) e.data().get("topic")).startsWith("Market.Data.");
                    assertThat(kwargs(e)).containsKeys("symbol", "price", "bid", "ask");
                    return true;
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void streamsTradesOnARangePatternAndTheHeartbeat() {
        StepVerifier.create(stream("Market.(Equity|Futures).Trade")
                        .filter(e -> "message".equals(e.event()))
                        .take(2))
                .thenConsumeWhile(e -> ((String) e.data().get("topic")).matches("Market\\.(Equity|Futures)\\.Trade"))
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(stream("Nothing.Here")
                        .filter(e -> "heartbeat".equals(e.event()))
                        .take(1))
                .assertNext(
                        e -> assertThat((String) e.data().get("topic")).isEqualTo("EventEngine.Internal.Timer.Second"))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void publishedEventsReachTheStream() {
        Flux<ServerSentEvent<Map<String, Object>>> news =
                stream("Market.News.*").filter(e -> "message".equals(e.event())).take(1);
        // The server registers the stream's subscription just after the response starts: publish until it sees one.
        AtomicBoolean done = new AtomicBoolean();
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 100 && !done.get(); i++) {
                client.post()
                        .uri("/api/publish/{topic}", "Market.News.Hello")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("args", List.of(1, "two"), "kwargs", Map.of("note", "hi")))
                        .exchange()
                        .expectStatus()
                        .isAccepted();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        publisher.setDaemon(true);
        publisher.start();
        try {
            StepVerifier.create(news)
                    .assertNext(e -> {
                        assertThat(e.data().get("topic")).isEqualTo("Market.News.Hello");
                        assertThat(e.data().get("args")).isEqualTo(List.of(1, "two"));
                        assertThat(kwargs(e)).containsEntry("note", "hi");
                    })
                    .expectComplete()
                    .verify(WAIT);
        } finally {
            done.set(true);
        }
    }

    @Test
    void invalidPatternIsABadRequestWithTheSyntaxError() {
        client.get()
                .uri(b -> b.path("/api/stream").queryParam("pattern", "{p}").build("Market.Data./(/"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error")
                .value(String.class, m -> assertThat(m).contains("Market.Data./(/"));
        client.get()
                .uri(b -> b.path("/api/pattern").queryParam("pattern", "{p}").build("Market.Data./(/"))
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void publishingOnAPatternIsABadRequest() {
        client.post()
                .uri("/api/publish/{topic}", "Market.Data.{symbol}")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kwargs", Map.of("price", 1.0)))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error")
                .value(String.class, m -> assertThat(m).contains("Market.Data.{symbol}"));
    }

    @Test
    void oversizedBodyIsPayloadTooLargeNamingTheLimit() {
        // Spring's codec limit (spring.http.codecs.max-in-memory-size) is 256 KiB by default: one string argument over
        // it.
        String big = "x".repeat(300 * 1024);
        client.post()
                .uri("/api/publish/{topic}", "Market.News.Big")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"args\": [\"" + big + "\"]}")
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .doesNotExist(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .jsonPath("$.error")
                .value(
                        String.class,
                        m -> assertThat(m)
                                .contains("262144 bytes (256 KiB)")
                                .contains("spring.http.codecs.max-in-memory-size"));
    }

    @Test
    void bodyJustUnderTheLimitIsAccepted() {
        String big = "x".repeat(250 * 1024);
        client.post()
                .uri("/api/publish/{topic}", "Market.News.Big")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"args\": [\"" + big + "\"]}")
                .exchange()
                .expectStatus()
                .isAccepted();
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{\"args\": [1,", "Bad JSON body"),
                Arguments.of("[1, 2]", "must be a JSON object"),
                Arguments.of("{\"args\": {\"a\": 1}}", "\"args\" must be a JSON array"),
                Arguments.of("{\"kwargs\": [1]}", "\"kwargs\" must be a JSON object"),
                Arguments.of("{\"kwarg\": {\"note\": \"hi\"}}", "Unknown field \"kwarg\""),
                Arguments.of("{\"args\": [1], \"args\": [2]}", "Duplicate"),
                Arguments.of("{\"kwargs\": {\"price\": 1e999}}", "kwargs.price"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badBodyIsABadRequestNamingWhatWasWrong(String body, String fragment) {
        client.post()
                .uri("/api/publish/{topic}", "Market.News.Bad")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .doesNotExist(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .jsonPath("$.error")
                .value(String.class, m -> assertThat(m).contains(fragment));
    }

    @Test
    void statsAreJson() {
        client.get()
                .uri("/api/stats")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.capacity")
                .isEqualTo(8192)
                .jsonPath("$.published")
                .isNumber()
                .jsonPath("$.subscriberDrops")
                .isNumber()
                .jsonPath("$.hooks")
                .isArray();
    }

    @Test
    void servesThePage() {
        client.get()
                .uri("/")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(html -> assertThat(html).contains("EventSource"));
    }
}
