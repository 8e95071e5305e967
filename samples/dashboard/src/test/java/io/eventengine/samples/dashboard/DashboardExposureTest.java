package io.eventengine.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventengine.core.EventEngine;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the dashboard exposes by default: it listens on loopback only, refuses publishes on the engine's own topics
 * (a POST could otherwise fake the heartbeat every client sees), and serves its icon instead of a 404.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dashboard.feed.enabled=false")
class DashboardExposureTest {
    @Value("${local.server.port}")
    int port;

    @Autowired
    EventEngine engine;

    WebTestClient client;

    @BeforeEach
    void client() {
        client = DashboardClient.on(port);
    }

    @Test
    void itListensOnLoopbackOnly() throws IOException {
        try (Socket loopback = new Socket()) {
            loopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            assertThat(loopback.isConnected()).isTrue();
        }
        Optional<InetAddress> external = externalAddress();
        Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
        assertThatThrownBy(() -> {
                    try (Socket outside = new Socket()) {
                        outside.connect(new InetSocketAddress(external.get(), port), 2_000);
                    }
                })
                .as("a connection to %s:%d, a non-loopback address of this machine", external.get(), port)
                .isInstanceOf(IOException.class);
    }

    private static Optional<InetAddress> externalAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void publishingOnTheEnginesOwnTopicsIsForbiddenAndQueuesNothing() {
        long published = engine.stats().published();
        for (String topic : new String[] {"EventEngine.Internal.Timer.1000", "EventEngine.Internal.Anything"}) {
            client.post()
                    .uri("/api/publish/" + topic)
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.error")
                    .value(String.class, m -> assertThat(m).contains(topic).contains("EventEngine.Internal.**"));
        }
        assertThat(engine.stats().published()).isEqualTo(published);
        client.post()
                .uri("/api/publish/EventEngineX.Internal")
                .exchange()
                .expectStatus()
                .isAccepted();
    }

    @Test
    void theIconIsServedWhereBrowsersLookForIt() {
        client.get()
                .uri("/favicon.ico")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("image/svg+xml")
                .expectBody(String.class)
                .value(svg -> assertThat(svg).startsWith("<svg"));
        client.get()
                .uri("/")
                .exchange()
                .expectBody(String.class)
                .value(page -> assertThat(page).contains("<link rel=\"icon\" href=\"/favicon.ico\""));
        client.get()
                .uri("/webjars/uplot/dist/uPlot.iife.min.js")
                .exchange()
                .expectStatus()
                .isOk();
    }
}
