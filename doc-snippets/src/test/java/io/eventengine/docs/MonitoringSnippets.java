package io.eventengine.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventHandler;
import io.eventengine.core.EventHook;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.monitoring.EngineMonitoring;
import io.eventengine.core.monitoring.EventSet;
import io.eventengine.core.monitoring.MonitorAction;
import io.eventengine.core.monitoring.MonitoringEvent;
import io.eventengine.core.monitoring.MonitoringTool;
import io.eventengine.micrometer.EngineMetrics;
import io.eventengine.micrometer.EngineObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** The Java snippets of docs/monitoring.md and docs/micrometer.md. */
class MonitoringSnippets {
    @Test
    void slowHandlerTool() {
        try (EventEngine engine = EventEngine.builder().name("orders").build()) {
            engine.register("Orders.{id}", msg -> {});
            engine.register("Orders.**", msg -> {});
            // snippet: monitoring-tool
            ConcurrentHashMap<String, LongAdder> calls = new ConcurrentHashMap<>();
            MonitoringTool tool = new MonitoringTool() {
                @Override
                public MonitorAction onHandlerReturn(
                        EventHook hook, EventHandler handler, MessagePayload message, long nanos) {
                    if (hook.topic().value().endsWith("**")) {
                        return MonitorAction.DISABLE; // not this hook: never again here (until restartEvents)
                    }
                    calls.computeIfAbsent(hook.topic().value(), p -> new LongAdder()).increment();
                    return MonitorAction.CONTINUE;
                }
            };
            EngineMonitoring monitoring = engine.monitoring();
            monitoring.useToolId(EngineMonitoring.PROFILER_ID, "handler-calls");
            monitoring.registerCallbacks(EngineMonitoring.PROFILER_ID, tool);
            // only for the messages on Orders.**: local events, after sys.monitoring.set_local_events
            monitoring.setLocalEvents(
                    EngineMonitoring.PROFILER_ID, "Orders.**", EventSet.of(MonitoringEvent.HANDLER_RETURN));

            engine.put("Orders.1");
            engine.put("Orders.2");
            engine.put("Audit.x"); // no event: Orders.** does not match it
            engine.stop(true, Duration.ofSeconds(5));
            // calls: {Orders.{id}=2}
            // end snippet
            assertEquals(1, calls.size());
            assertEquals(2, calls.get("Orders.{id}").sum());
            monitoring.freeToolId(EngineMonitoring.PROFILER_ID);
            assertEquals(EventSet.NONE, monitoring.activeEvents());
        }
    }

    @Test
    void metricsBinder() {
        try (EventEngine engine = EventEngine.builder().name("feed").build()) {
            engine.register("Market.Data.{symbol}", msg -> {});
            // snippet: micrometer-binder
            MeterRegistry registry = new SimpleMeterRegistry(); // in Spring Boot: the actuator's registry
            EngineMetrics metrics = EngineMetrics.builder(engine)
                    .tags("app", "dashboard")
                    .timeHandlers("Market.Data.{symbol}") // a timer per opted-in pattern, never per topic
                    .build();
            metrics.bindTo(registry);

            engine.put("Market.Data.AAPL", 189.5);
            engine.stop(true, Duration.ofSeconds(5));
            double published = registry.get("eventengine.published").functionCounter().count(); // 1.0
            long timed = registry.get("eventengine.handler")
                    .tag("pattern", "Market.Data.{symbol}")
                    .timer()
                    .count(); // 1
            // end snippet
            assertEquals(1.0, published);
            assertEquals(1, timed);
            metrics.close();
        }
    }

    @Test
    void observations() {
        TestObservationRegistry testRegistry = TestObservationRegistry.create();
        List<Observation> parents = new CopyOnWriteArrayList<>();
        ObservationRegistry observationRegistry = testRegistry;
        try (EventEngine engine = EventEngine.builder().name("orders").build()) {
            // snippet: micrometer-observations
            EngineObservations observations = EngineObservations.install(engine, observationRegistry);
            engine.register("Orders.{id}", msg -> {
                // runs inside "eventengine.process", a child of the producer's observation
                Observation current = observationRegistry.getCurrentObservation();
                parents.add((Observation) current.getContext().getParentObservation());
            });
            engine.start();

            Observation request = Observation.start("http.server.requests", observationRegistry);
            try (Observation.Scope scope = request.openScope()) {
                engine.publish("Orders.42"); // captures the request's observation into the message
            }
            request.stop();
            // end snippet
            engine.stop(true, Duration.ofSeconds(5));
            assertSame(request, parents.get(0));
            observations.close();
        }
    }
}
