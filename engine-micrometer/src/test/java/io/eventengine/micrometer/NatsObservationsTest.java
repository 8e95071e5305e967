package io.eventengine.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.nats.NatsBridge;
import io.eventengine.test.NatsServer;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The trace across a real nats-server: producer → engine A → export (headers) → import → engine B → handler. A test
 * propagating handler stands in for micrometer-tracing's: it writes the name of the export's parent into a header, and
 * the import's handler reads it back, which is exactly what a tracing bridge does with {@code traceparent}.
 */
class NatsObservationsTest {
    private static final String HEADER = "test-parent";

    /** Writes and reads {@link #HEADER} through the contexts' carriers, like a tracing propagator. */
    private static void propagateNames(TestObservationRegistry registry) {
        registry.observationConfig().observationHandler(new ObservationHandler<SenderContext<Object>>() {
            @Override
            public void onStart(SenderContext<Object> context) {
                ObservationView parent = context.getParentObservation();
                String name = parent == null ? "none" : parent.getContextView().getContextualName();
                context.getSetter().set(context.getCarrier(), HEADER, name);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof SenderContext;
            }
        });
        registry.observationConfig().observationHandler(new ObservationHandler<ReceiverContext<Object>>() {
            @Override
            public void onStart(ReceiverContext<Object> context) {
                String remote = context.getGetter().get(context.getCarrier(), HEADER);
                context.addHighCardinalityKeyValue(KeyValue.of("test.remote.parent", String.valueOf(remote)));
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof ReceiverContext;
            }
        });
    }

    @Test
    void aTraceCrossesTheServerInHeaders() throws Exception {
        TestObservationRegistry registry = TestObservationRegistry.create();
        propagateNames(registry);
        List<Observation.Context> started = new CopyOnWriteArrayList<>();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                started.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        try (NatsServer server = NatsServer.start();
                Connection feedNats = Nats.connect(
                        Options.builder().server(server.url()).noEcho().build());
                Connection appNats = Nats.connect(
                        Options.builder().server(server.url()).noEcho().build());
                EventEngine feed = EventEngine.builder().name("feed").build();
                EventEngine app = EventEngine.builder().name("app").build();
                EngineObservations feedObservations = EngineObservations.install(feed, registry);
                EngineObservations appObservations = EngineObservations.install(app, registry)) {
            LinkedBlockingQueue<Observation> handled = new LinkedBlockingQueue<>();
            app.register("Orders.{id}", m -> handled.add(registry.getCurrentObservation()));
            app.start();
            feed.start();
            NatsBridge in = NatsBridge.builder(app, appNats)
                    .importTopics("Orders.**")
                    .tracing(new NatsObservations(registry))
                    .start();
            NatsBridge out = NatsBridge.builder(feed, feedNats)
                    .exportTopics("Orders.**")
                    .tracing(new NatsObservations(registry))
                    .start();

            Observation request = Observation.start("request", registry).contextualName("POST /orders");
            try (Observation.Scope scope = request.openScope()) {
                feed.publish("Orders.42", "book");
            }
            request.stop();

            Observation handler = handled.poll(10, TimeUnit.SECONDS);
            assertNotNull(handler, "the order reached engine B's handler");
            Observation.Context importContext = (Observation.Context)
                    handler.getContext().getParentObservation().getContextView();
            assertEquals(NatsObservations.IMPORT, importContext.getName());
            assertEquals(
                    "process Orders.**",
                    importContext
                            .getHighCardinalityKeyValue("test.remote.parent")
                            .getValue(),
                    "the header carried the exporting handler's observation");

            List<Observation.Context> exports = started.stream()
                    .filter(c -> c.getName().equals(NatsObservations.EXPORT))
                    .toList();
            assertEquals(1, exports.size());
            Observation.Context exporterProcess =
                    (Observation.Context) exports.get(0).getParentObservation().getContextView();
            assertEquals("process Orders.**", exporterProcess.getContextualName());
            assertSame(request, ((Observation.Context) exporterProcess).getParentObservation());
            assertTrue(exports.get(0)
                    .getLowCardinalityKeyValue("messaging.system")
                    .getValue()
                    .equals("nats"));
            in.close();
            out.close();
        }
    }
}
