package io.eventengine.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.eventengine.core.EventEngine;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EngineObservations with a TestObservationRegistry: the producer's observation is the handler's parent. */
class EngineObservationsTest {
    private static void drain(EventEngine engine) {
        assertEquals(0, engine.stop(true, Duration.ofSeconds(10)));
    }

    @Test
    void aHandlerRunsInAChildOfTheProducersObservation() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        try (EventEngine engine = EventEngine.builder().name("traced").build();
                EngineObservations observations = EngineObservations.install(engine, registry)) {
            List<Observation> seen = Collections.synchronizedList(new ArrayList<>());
            engine.register("Orders.{id}", m -> seen.add(registry.getCurrentObservation()));
            Observation producer = Observation.start("producer", registry);
            try (Observation.Scope scope = producer.openScope()) {
                engine.put("Orders.42");
            }
            producer.stop();
            engine.start();
            drain(engine);
            assertEquals(1, seen.size());
            assertSame(producer, seen.get(0).getContext().getParentObservation());
            assertThat(registry)
                    .hasObservationWithNameEqualTo(EngineObservations.PROCESS)
                    .that()
                    .hasBeenStarted()
                    .hasBeenStopped()
                    .hasContextualNameEqualTo("process Orders.{id}")
                    .hasLowCardinalityKeyValue("eventengine.engine", "traced")
                    .hasLowCardinalityKeyValue("eventengine.pattern", "Orders.{id}")
                    .hasHighCardinalityKeyValue("eventengine.topic", "Orders.42")
                    .hasHighCardinalityKeyValue("eventengine.seq", "0");
        }
    }

    @Test
    void aCascadeIsOneTraceAndFailuresAreRecorded() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        try (EventEngine engine = EventEngine.builder().name("cascade").build();
                EngineObservations observations = EngineObservations.install(engine, registry)) {
            List<Observation> first = new ArrayList<>();
            List<Observation> second = new ArrayList<>();
            engine.register("A", m -> {
                first.add(registry.getCurrentObservation());
                engine.put("B");
            });
            engine.register("B", m -> {
                second.add(registry.getCurrentObservation());
                throw new IllegalStateException("B broke");
            });
            engine.put("A");
            drain(engine);
            assertNull(first.get(0).getContext().getParentObservation(), "no producer observation: a root");
            assertSame(first.get(0), second.get(0).getContext().getParentObservation());
            assertEquals("B broke", second.get(0).getContext().getError().getMessage());
            assertNull(registry.getCurrentObservation(), "no scope is left open on the dispatcher");
        }
    }

    @Test
    void parentOfGivesAStreamConsumerTheProducersObservation() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        try (EventEngine engine = EventEngine.builder().name("parent").build();
                EngineObservations observations = EngineObservations.install(engine, registry)) {
            List<Observation> parents = new ArrayList<>();
            engine.register("P", m -> parents.add(observations.parentOf(m)));
            Observation producer = Observation.start("producer", registry);
            try (Observation.Scope scope = producer.openScope()) {
                engine.put("P");
            }
            producer.stop();
            engine.put("P");
            drain(engine);
            assertSame(producer, parents.get(0));
            assertNull(parents.get(1));
        }
        TestObservationRegistry other = TestObservationRegistry.create();
        try (EventEngine engine = EventEngine.builder().name("closed").build()) {
            EngineObservations.install(engine, other).close();
            assertNull(engine.monitoring().getTool(io.eventengine.core.monitoring.EngineMonitoring.TRACING_ID));
        }
    }
}
