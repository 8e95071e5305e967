package io.eventengine.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventengine.core.EventEngine;
import io.eventengine.nats.NatsBridge;
import io.eventengine.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/**
 * The NATS mode: the dashboard (feed off) imports {@code Market.**} from a real nats-server, and a feed engine in
 * another connection exports to it; a browser stream on the dashboard shows the remote quotes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dashboard.feed.enabled=false", "dashboard.nats.import=Market.**"})
class DashboardNatsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final NatsServer SERVER = NatsServer.start();

    @DynamicPropertySource
    static void nats(DynamicPropertyRegistry registry) {
        registry.add("dashboard.nats.url", SERVER::url);
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    NatsLink link;

    @Test
    void quotesPublishedInAnotherEngineStreamToTheBrowser() throws Exception {
        WebTestClient client = DashboardClient.on(port);
        try (EventEngine feed = EventEngine.create();
                Connection connection =
                        Nats.connect(Options.builder().server(SERVER.url()).build())) {
            feed.start();
            NatsBridge.builder(feed, connection).exportTopics("Market.**").start();
            feed.publish("Market.Data.AAPL", java.util.List.of(), Map.of("price", 189.5));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (link.stats().imported() < 1) {
                assertThat(System.nanoTime() - deadline)
                        .as("the quote crossed NATS")
                        .isNegative();
                Thread.sleep(10);
            }
            StepVerifier.create(client.get()
                            .uri(b -> b.path("/api/stream")
                                    .queryParam("pattern", "{p}")
                                    .build("Market.Data.*"))
                            .accept(MediaType.TEXT_EVENT_STREAM)
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .returnResult(DashboardClient.SSE)
                            .getResponseBody()
                            .filter(e -> "message".equals(e.event()))
                            .take(1))
                    .assertNext(e -> assertThat(e.data()).containsEntry("topic", "Market.Data.AAPL"))
                    .expectComplete()
                    .verify(WAIT);
        }
    }
}
