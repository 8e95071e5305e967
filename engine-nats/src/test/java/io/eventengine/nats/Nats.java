package io.eventengine.nats;

import io.eventengine.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Test helpers: connections to the test server, and waiting for a condition with a clear failure. */
final class Nats {
    private Nats() {}

    static Connection connect(NatsServer server) {
        return connect(server, Options.builder().server(server.url()));
    }

    static Connection connect(NatsServer server, Options.Builder options) {
        try {
            return io.nats.client.Nats.connect(options.server(server.url())
                    .connectionTimeout(Duration.ofSeconds(5))
                    .maxReconnects(-1)
                    .reconnectWait(Duration.ofMillis(50))
                    .errorListener(new ErrorListener() {}) // the kill tests would flood the log with refused reconnects
                    .build());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
