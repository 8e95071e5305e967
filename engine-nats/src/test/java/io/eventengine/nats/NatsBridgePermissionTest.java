package io.eventengine.nats;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A subscription the server refuses is an error at start(), not a line in the connection's error listener. */
@ExtendWith(NatsServerExtension.class)
@NatsConfig("authorization {\n users = [ { user: app, password: pw, permissions: { subscribe: { deny: [\"Secret.>\"] }"
        + " } } ]\n}")
class NatsBridgePermissionTest {
    @Test
    void aRefusedImportSubscriptionFailsStart(NatsServer server) throws Exception {
        try (EventEngine engine = EventEngine.create();
                Connection connection = Nats.connect(server, Options.builder().userInfo("app", "pw"))) {
            NatsBridgeException refused = assertThrows(
                    NatsBridgeException.class,
                    () -> NatsBridge.builder(engine, connection)
                            .importTopics("Secret.**")
                            .start());
            assertTrue(refused.getMessage().contains("Permissions Violation"), refused.getMessage());
            assertTrue(refused.getMessage().contains("Secret.>"), refused.getMessage());
            NatsBridge allowed = NatsBridge.builder(engine, connection)
                    .importTopics("Public.**")
                    .start();
            allowed.close();
        }
    }
}
