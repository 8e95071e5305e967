package io.eventengine.nats;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core NATS imports (at most once): one dispatcher, a subscription per route. A message the local queue has no room
 * for is dropped and counted at once: the NATS dispatcher thread never waits for the engine.
 */
final class CoreImports {
    private static final Logger LOG = LoggerFactory.getLogger(CoreImports.class);

    private final Connection connection;
    private final Inbound inbound;
    private final LongAdder imported;
    private final LongAdder dropped;
    private final Dispatcher dispatcher;

    CoreImports(Connection connection, Inbound inbound, LongAdder imported, LongAdder dropped) {
        this.connection = connection;
        this.inbound = inbound;
        this.imported = imported;
        this.dropped = dropped;
        this.dispatcher = connection.createDispatcher();
    }

    void subscribe(List<ImportRoute> routes) {
        for (ImportRoute route : routes) {
            dispatcher.subscribe(route.server.subject(), message -> onMessage(route, message));
        }
    }

    private void onMessage(ImportRoute route, Message message) {
        Inbound.Decoded decoded = inbound.decode(message);
        if (decoded == null || !decoded.readable() || !route.takes(decoded.topic)) {
            return;
        }
        try {
            if (inbound.offer(decoded)) {
                imported.increment();
                return;
            }
        } catch (IllegalStateException closed) {
            LOG.debug("Engine closed: dropping the import on {}", decoded.topic);
        }
        inbound.abandon(decoded, "dropped: the engine's queue was full or the engine closed");
        dropped.increment();
    }

    void close() {
        if (dispatcher.isActive()) {
            connection.closeDispatcher(dispatcher);
        }
    }
}
