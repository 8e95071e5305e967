package io.eventengine.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A configured body limit is the one enforced and the one the 413 names (DashboardApiTest covers the default). */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.http.codecs.max-in-memory-size=1KB", "dashboard.feed.enabled=false"})
class DashboardBodyLimitTest {
    @Value("${local.server.port}")
    int port;

    private WebTestClient.ResponseSpec publish(int stringLength) {
        return DashboardClient.on(port)
                .post()
                .uri("/api/publish/Orders.New")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"args\": [\"" + "x".repeat(stringLength) + "\"]}")
                .exchange();
    }

    @Test
    void aBodyOverTheConfiguredLimitIsPayloadTooLargeNamingIt() {
        publish(2048)
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.error")
                .value(String.class, m -> assertThat(m).contains("limit of 1024 bytes (1 KiB)"));
    }

    @Test
    void aBodyUnderTheConfiguredLimitIsAccepted() {
        publish(900).expectStatus().isAccepted();
    }
}
