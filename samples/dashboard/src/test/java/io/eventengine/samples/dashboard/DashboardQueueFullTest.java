package io.eventengine.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A stopped engine with a tiny queue and no feed: the queue fills and a publish gets 503 with Retry-After. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "eventengine.capacity=16",
            "eventengine.lifecycle.auto-startup=false",
            "dashboard.feed.enabled=false"
        })
class DashboardQueueFullTest {
    @Value("${local.server.port}")
    int port;

    @Test
    void fullQueueIsServiceUnavailableWithRetryAfter() {
        WebTestClient client = DashboardClient.on(port);
        for (int i = 0; i < 16; i++) {
            client.post()
                    .uri("/api/publish/Orders.New")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("args", java.util.List.of(i)))
                    .exchange()
                    .expectStatus()
                    .isAccepted();
        }
        client.post()
                .uri("/api/publish/Orders.New")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectBody()
                .jsonPath("$.error")
                .value(String.class, m -> assertThat(m).isNotBlank());
    }
}
