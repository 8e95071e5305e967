package io.eventengine.reactor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Registration;
import io.eventengine.core.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** Test helpers: engines, ordered barriers, publishing ints. */
final class TestEngines {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicLong BARRIERS = new AtomicLong();

    private TestEngines() {}

    static EventEngine started(int capacity) {
        EventEngine engine = EventEngine.builder().capacity(capacity).build();
        engine.start();
        return engine;
    }

    /** Publishes (blocking) a message whose only argument is {@code value}. */
    static void put(EventEngine engine, String topic, int value) {
        engine.publish(Topic.of(topic), List.of(value), Map.of());
    }

    static void putAll(EventEngine engine, String topic, int fromInclusive, int toExclusive) {
        for (int i = fromInclusive; i < toExclusive; i++) {
            put(engine, topic, i);
        }
    }

    /**
     * Publishes from {@code producers} threads at once, producer {@code p} the messages {@code (p, 0)} ... {@code (p,
     * perProducer - 1)} on {@code topicPrefix + "P" + p}, blocking while the queue is full; returns when all are done.
     */
    static void publishFromProducers(EventEngine engine, String topicPrefix, int producers, int perProducer) {
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Topic topic = Topic.of(topicPrefix + "P" + p);
            int producer = p;
            Thread thread = new Thread(
                    () -> {
                        for (int n = 0; n < perProducer; n++) {
                            engine.publish(topic, List.of(producer, n), Map.of());
                        }
                    },
                    "producer-" + p);
            thread.start();
            threads.add(thread);
        }
        try {
            for (Thread thread : threads) {
                thread.join(WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static int value(MessagePayload m) {
        return (Integer) m.get(0);
    }

    /**
     * Returns once the dispatcher has handled every message published before this call: a message on a fresh topic,
     * dispatched in queue order, opens a latch.
     */
    static void awaitDispatched(EventEngine engine) {
        Topic barrier = Topic.of("Test.Barrier." + BARRIERS.incrementAndGet());
        CountDownLatch latch = new CountDownLatch(1);
        Registration registration = engine.register(barrier, m -> latch.countDown());
        try {
            engine.publish(barrier, List.of(), Map.of());
            assertTrue(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the dispatcher never got to the barrier");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            registration.close();
        }
    }

    /** Fails unless {@code text} contains every one of {@code parts}. */
    static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "Expected <" + part + "> in: " + text);
        }
    }

    /** Polls {@code condition} until true; fails after {@link #WAIT}. For states with no event to wait on. */
    static void awaitTrue(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
