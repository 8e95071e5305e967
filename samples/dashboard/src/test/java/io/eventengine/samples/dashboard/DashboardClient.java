package io.eventengine.samples.dashboard;

import java.time.Duration;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The one way the dashboard's tests reach the server under test: its random port, with a bounded wait per answer. */
final class DashboardClient {
    static final Duration WAIT = Duration.ofSeconds(20);

    private DashboardClient() {}

    static WebTestClient on(int port) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(WAIT)
                .build();
    }
}
