package io.eventengine.samples.dashboard;

import io.eventengine.core.EventEngine;
import io.eventengine.nats.NatsBridge;
import io.eventengine.nats.NatsBridgeStats;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's optional NATS connection and bridge: nothing when no URL is configured. Closed before the engine
 * (it depends on it), so the bridge's close waits for what was sent before the connection goes.
 */
final class NatsLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NatsLink.class);

    private final @Nullable Connection connection;
    private final @Nullable NatsBridge bridge;

    private NatsLink(@Nullable Connection connection, @Nullable NatsBridge bridge) {
        this.connection = connection;
        this.bridge = bridge;
    }

    static NatsLink connect(EventEngine engine, String url, String[] exports, String[] imports) {
        String[] out = nonEmpty(exports);
        String[] in = nonEmpty(imports);
        if (url.isBlank()) {
            if (out.length > 0 || in.length > 0) {
                throw new IllegalArgumentException("dashboard.nats.export/import are set but dashboard.nats.url is not:"
                        + " give the server, e.g. --dashboard.nats.url=nats://127.0.0.1:4222");
            }
            return new NatsLink(null, null);
        }
        Connection connection;
        try {
            connection = Nats.connect(Options.builder()
                    .server(url)
                    .noEcho()
                    .connectionName("eventengine-dashboard")
                    .maxReconnects(-1)
                    .reconnectWait(Duration.ofMillis(250))
                    .build());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot connect to NATS at " + url + ": " + e.getMessage()
                            + ". Start a server (samples/cluster.sh does) or fix dashboard.nats.url",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while connecting to NATS at " + url, e);
        }
        NatsBridge bridge = NatsBridge.builder(engine, connection)
                .exportTopics(out)
                .importTopics(in)
                .start();
        log.info("Bridged to NATS at {}: exporting {}, importing {}", url, Arrays.toString(out), Arrays.toString(in));
        return new NatsLink(connection, bridge);
    }

    private static String[] nonEmpty(String[] patterns) {
        return Arrays.stream(patterns)
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .toArray(String[]::new);
    }

    /** The bridge's counters, or null when the dashboard runs without NATS. */
    @Nullable
    NatsBridgeStats stats() {
        return bridge == null ? null : bridge.stats();
    }

    @Override
    public void close() throws InterruptedException {
        if (bridge != null) {
            bridge.close();
        }
        if (connection != null) {
            connection.close();
        }
    }
}
