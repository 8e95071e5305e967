package io.eventengine.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EngineStats;
import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.PublishOptions;
import io.eventengine.core.Topic;
import io.eventengine.core.monitoring.EngineMonitoring;
import io.eventengine.core.spi.EngineSupport;
import io.eventengine.test.ManualClock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** EngineMetrics against a SimpleMeterRegistry: exact counts, low cardinality, clean unbinding. */
class EngineMetricsTest {
    private static final int PRODUCERS = 4;
    private static final int PUTS = 5_000;

    private static double count(MeterRegistry registry, String name) {
        FunctionCounter counter = registry.get(name).functionCounter();
        return counter.count();
    }

    @Test
    void countsEveryMessageExactlyUnderManyProducers() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventEngine engine = EventEngine.builder().capacity(64).name("stress").build();
        EngineMetrics metrics = new EngineMetrics(engine);
        metrics.bindTo(registry);
        AtomicLong handled = new AtomicLong();
        engine.register("Stress.{p}", message -> {
            if (handled.incrementAndGet() % 7 == 0) {
                throw new IllegalStateException("every 7th message fails");
            }
        });
        engine.start();
        CyclicBarrier start = new CyclicBarrier(PRODUCERS);
        AtomicLong refused = new AtomicLong();
        AtomicLong triedIn = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            Topic topic = Topic.of("Stress." + p);
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < PUTS; i++) {
                        engine.publish(topic, List.of(i), java.util.Map.of(), PublishOptions.BLOCKING);
                        if (engine.tryPublish(topic, i)) {
                            triedIn.incrementAndGet();
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(2));
            assertTrue(!t.isAlive(), "producer finished");
        }
        engine.close();
        assertTrue(refused.get() > 0, "the queue of 64 was full at times, so REJECT was exercised");
        EngineStats stats = engine.stats();
        long accepted = PRODUCERS * (long) PUTS + triedIn.get();
        assertEquals(accepted, stats.published());
        assertEquals(accepted, count(registry, "eventengine.published"));
        assertEquals(accepted, count(registry, "eventengine.dispatched"));
        assertEquals(refused.get(), stats.rejectedPuts());
        assertEquals(refused.get(), count(registry, "eventengine.rejected"));
        assertEquals(accepted / 7, stats.handlerFailures());
        assertEquals(accepted / 7, count(registry, "eventengine.handler.failures"));
        metrics.close();
    }

    @Test
    void gaugesShowTheQueue() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (EventEngine engine =
                        EventEngine.builder().capacity(16).name("gauges").build();
                EngineMetrics metrics = new EngineMetrics(engine)) {
            metrics.bindTo(registry);
            engine.put("G.a");
            engine.put("G.b");
            engine.put("G.c");
            assertEquals(3, registry.get("eventengine.queue.occupancy").gauge().value());
            assertEquals(16, registry.get("eventengine.queue.capacity").gauge().value());
            Meter.Id id = registry.get("eventengine.published").meter().getId();
            assertEquals("gauges", id.getTag("engine"));
            assertEquals("messages", id.getBaseUnit());
            assertNotNull(id.getDescription());
        }
    }

    @Test
    void timesOnlyTheOptedInPatternsAndMakesNoMeterPerPublishedTopic() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (EventEngine engine =
                        EventEngine.builder().capacity(4096).name("timed").build();
                EngineMetrics metrics = EngineMetrics.builder(engine)
                        .tags("app", "spec")
                        .timeHandlers("Market.Data.{symbol}")
                        .build()) {
            metrics.bindTo(registry);
            engine.register("Market.Data.{symbol}", m -> {});
            engine.register("Market.**", m -> {});
            int before = registry.getMeters().size();
            for (int i = 0; i < 1000; i++) {
                engine.put("Market.Data.S" + i);
            }
            engine.put("Market.Trade");
            assertEquals(0, engine.stop(true, Duration.ofSeconds(30)));
            Timer timer = registry.get("eventengine.handler")
                    .tag("pattern", "Market.Data.{symbol}")
                    .tag("app", "spec")
                    .timer();
            assertEquals(1000, timer.count());
            assertEquals(1, registry.find("eventengine.handler").timers().size(), "no timer for Market.**");
            assertEquals(before + 1, registry.getMeters().size(), "one timer, and nothing per published literal");
            for (Meter meter : registry.getMeters()) {
                meter.getId()
                        .getTags()
                        .forEach(tag -> assertTrue(
                                !tag.getValue().startsWith("Market.Data.S"),
                                "a published literal became a tag: " + tag));
            }
        }
    }

    @Test
    void countsTicksAndSubscriberDrops() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T10:00:00.250Z"));
        try (EventEngine engine =
                        EventEngine.builder().clock(clock).name("ticks").build();
                EngineMetrics metrics = new EngineMetrics(engine)) {
            metrics.bindTo(registry);
            LinkedBlockingQueue<MessagePayload> ticks = new LinkedBlockingQueue<>();
            Topic timer = engine.timer(Duration.ofSeconds(1));
            engine.register(timer, ticks::add);
            engine.start();
            assertTrue(clock.awaitSleeper(Duration.ofSeconds(10)));
            clock.advance(Duration.ofSeconds(1));
            assertNotNull(ticks.poll(10, TimeUnit.SECONDS));
            EngineSupport.of(engine).recordSubscriberDrop(Topic.of("Flux.{x}"), null);
            assertEquals(
                    1,
                    registry.get("eventengine.timer.ticks")
                            .tag("outcome", "queued")
                            .functionCounter()
                            .count());
            assertEquals(1, count(registry, "eventengine.subscriber.drops"));
        }
    }

    @Test
    void closeFreesTheToolIdAndRemovesTheMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (EventEngine engine = EventEngine.builder().name("closing").build()) {
            EngineMetrics metrics = new EngineMetrics(engine);
            metrics.bindTo(registry);
            assertEquals("eventengine-micrometer", engine.monitoring().getTool(EngineMonitoring.METRICS_ID));
            IllegalStateException taken =
                    assertThrows(IllegalStateException.class, () -> new EngineMetrics(engine).bindTo(registry));
            assertTrue(taken.getMessage().contains("in use by 'eventengine-micrometer'"), taken.getMessage());
            metrics.close();
            assertNull(engine.monitoring().getTool(EngineMonitoring.METRICS_ID));
            assertTrue(registry.find("eventengine.published").meters().isEmpty());
            assertTrue(engine.monitoring().activeEvents().isEmpty());
            IllegalStateException closed = assertThrows(IllegalStateException.class, () -> metrics.bindTo(registry));
            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        }
    }
}
