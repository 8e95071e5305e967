package io.eventengine.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventengine.core.EventEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A publish after the engine closed (what a request racing the application's shutdown sees): 503 without {@code
 * Retry-After}, since a closed engine never takes messages again, and never the queue-full answer.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dashboard.feed.enabled=false"})
@DirtiesContext
class DashboardClosedEngineTest {
    @Value("${local.server.port}")
    int port;

    @Autowired
    EventEngine engine;

    @Test
    void publishingOnAClosedEngineIsServiceUnavailableWithoutRetryAfter() {
        WebTestClient client = DashboardClient.on(port);
        client.post().uri("/api/publish/Orders.New").exchange().expectStatus().isAccepted();
        engine.close();
        client.post()
                .uri("/api/publish/Orders.New")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .doesNotExist(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .jsonPath("$.error")
                .value(String.class, m -> assertThat(m).contains("closed").contains("shutting down"));
    }
}
