package io.eventengine.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Actuator on the dashboard, all of it from the starter: the engine's health with details, its meters under {@code
 * /actuator/metrics}, and Prometheus' scrape endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardActuatorTest {
    @Value("${local.server.port}")
    int port;

    WebTestClient client;

    @BeforeEach
    void client() {
        client = DashboardClient.on(port);
    }

    @Test
    void healthShowsTheEngineUpWithItsQueue() {
        client.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.eventEngine.status")
                .isEqualTo("UP")
                .jsonPath("$.components.eventEngine.details.name")
                .isEqualTo("dashboard")
                .jsonPath("$.components.eventEngine.details.capacity")
                .isEqualTo(8192);
    }

    @Test
    void theEnginesMetersAreInActuatorAndPrometheus() {
        client.post().uri("/api/publish/Orders.New").exchange().expectStatus().isAccepted();
        client.get()
                .uri("/actuator/metrics/eventengine.published")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo("eventengine.published")
                .jsonPath("$.baseUnit")
                .isEqualTo("messages")
                .jsonPath("$.measurements[0].value")
                .value(Double.class, v -> assertThat(v).isGreaterThanOrEqualTo(1.0));
        String scrape = client.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(scrape)
                .contains("eventengine_published_messages_total")
                .contains("eventengine_queue_capacity")
                .contains("eventengine_subscriber_drops_messages_total");
    }
}
