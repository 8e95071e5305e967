package io.eventengine.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventengine.core.EventEngine;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/**
 * A client that never reads its stream, against a fast feed: its own buffer overflows (DROP_OLDEST, counted), while the
 * feed goes on and another client still gets fresh events.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dashboard.feed.period-ms=1", "dashboard.sse.buffer=64"})
class DashboardSlowClientTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Value("${local.server.port}")
    int port;

    @Autowired
    EventEngine engine;

    @Autowired
    MarketFeed feed;

    @Test
    void aClientThatNeverReadsLosesItsOldestMessagesAndStallsNobody() throws Exception {
        try (Socket stuck = DashboardClient.neverReads(port, "/api/stream?pattern=**", 4096)) {

            // Bounded wait for the stuck client's buffer to overflow (once the socket buffers are full).
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (engine.stats().subscriberDrops() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(engine.stats().subscriberDrops())
                    .as("drops of the stuck client")
                    .isPositive();

            // Meanwhile the feed keeps publishing and the dispatcher keeps up...
            long published = feed.published();
            long dispatched = engine.stats().dispatched();
            while ((feed.published() <= published + 100 || engine.stats().dispatched() <= dispatched + 100)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(feed.published()).isGreaterThan(published + 100);
            assertThat(engine.stats().dispatched()).isGreaterThan(dispatched + 100);

            // ...and another client still gets its events.
            WebTestClient client = DashboardClient.on(port);
            StepVerifier.create(client.get()
                            .uri("/api/stream?pattern=Market.Data.AAPL")
                            .accept(MediaType.TEXT_EVENT_STREAM)
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .returnResult(DashboardClient.SSE)
                            .getResponseBody()
                            .filter(e -> "message".equals(e.event()))
                            .take(20))
                    .expectNextCount(20)
                    .expectComplete()
                    .verify(WAIT);
        }
    }
}
