package io.eventengine.nats;

import io.eventengine.test.NatsServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one real {@code nats-server} per test class (random loopback port, JetStream with explicit limits, a temp
 * store) and kills it by pid afterwards; test methods and constructors take it as a {@link NatsServer} parameter.
 */
final class NatsServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NatsServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("server", NatsServer.start(config(context)));
    }

    private static String config(ExtensionContext context) {
        NatsConfig config = context.getRequiredTestClass().getAnnotation(NatsConfig.class);
        return config == null ? "" : config.value();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        NatsServer server = context.getStore(NS).remove("server", NatsServer.class);
        if (server != null) {
            server.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == NatsServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        NatsServer server = context.getStore(NS).get("server", NatsServer.class);
        if (server == null) {
            server = context.getParent().orElseThrow().getStore(NS).get("server", NatsServer.class);
        }
        return server;
    }
}
