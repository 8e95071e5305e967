package io.eventengine.reactor;

import static io.eventengine.reactor.TestEngines.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.core.Overflow;
import io.eventengine.core.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Every Flux ends with its engine: it receives what close() delivered, then completes (issue 12's accounting). */
class FluxCloseTest {

    @Test
    void completesAfterWhatCloseDeliveredFromOutside() {
        EventEngine engine = EventEngine.builder().capacity(1024).build();
        ReactorEngine rx = ReactorEngine.of(engine);
        StepVerifier.create(rx.flux("N.{i}").map(TestEngines::value))
                .then(() -> {
                    TestEngines.putAll(engine, "N.x", 0, 500); // queued while stopped: close() delivers them all
                    engine.close();
                })
                .expectNextSequence(range(0, 500))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void completesAfterTheLastMessageWhenAHandlerCloses() {
        EventEngine engine = EventEngine.builder().build();
        ReactorEngine rx = ReactorEngine.of(engine);
        engine.register("Close", m -> engine.close());
        StepVerifier.create(rx.flux("**").map(m -> m.topic().value()))
                .then(() -> {
                    for (int i = 0; i < 3; i++) {
                        engine.put("Before");
                    }
                    engine.put("Close");
                    for (int i = 0; i < 5; i++) {
                        engine.put("After");
                    }
                    engine.start();
                })
                .expectNext("Before", "Before", "Before", "Close", "After", "After", "After", "After", "After")
                .expectComplete()
                .verify(WAIT);
        assertEquals(0, engine.stats().abandoned());
    }

    @Test
    void subscribingToAClosedEngineIsAnErrorSignal() {
        EventEngine engine = EventEngine.create();
        engine.close();
        StepVerifier.create(ReactorEngine.of(engine).flux("A"))
                .expectErrorSatisfies(e -> TestEngines.assertContains(e.getMessage(), "closed"))
                .verify(WAIT);
    }

    /**
     * 4 producers on a queue of 8, a slow BLOCK subscriber on another thread, close from outside: the subscriber gets
     * exactly the accepted messages that were not abandoned, then completes; every producer ends.
     */
    @Test
    void closeUnderLoadAccountsForEveryMessageOfTheSubscriber() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            EventEngine engine = EventEngine.builder()
                    .capacity(8)
                    .closeTimeout(Duration.ofSeconds(10))
                    .build();
            ReactorEngine rx = ReactorEngine.of(engine);
            Set<Long> received = ConcurrentHashMap.newKeySet();
            AtomicInteger duplicates = new AtomicInteger();
            CountDownLatch completed = new CountDownLatch(1);
            rx.flux("P.{n}", FluxOptions.of(Overflow.BLOCK, 16))
                    .publishOn(Schedulers.single(), 4)
                    .doOnNext(m -> {
                        if (!received.add((Long) m.get(0))) {
                            duplicates.incrementAndGet();
                        }
                    })
                    .subscribe(m -> {}, e -> {}, completed::countDown);
            engine.start();
            Set<Long> accepted = ConcurrentHashMap.newKeySet();
            Set<Long> refused = ConcurrentHashMap.newKeySet();
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                long base = p * 1_000_000_000L;
                Thread t = new Thread(() -> {
                    for (long i = base; ; i++) {
                        try {
                            engine.put(Topic.of("P." + (i % 7)), i);
                            accepted.add(i);
                        } catch (IllegalStateException closed) {
                            refused.add(i);
                            return;
                        }
                    }
                });
                producers.add(t);
                t.start();
            }
            Thread.sleep(200);
            engine.close();
            for (Thread t : producers) {
                t.join(10_000);
                assertFalse(t.isAlive(), () -> t.getName() + " is still " + t.getState());
            }
            assertTrue(completed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the flux never completed");
            assertEquals(0, duplicates.get());
            assertEquals(4, refused.size());
            assertEquals(0, engine.stats().abandoned());
            assertEquals(new HashSet<>(accepted), new HashSet<>(received));
        }
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add(i);
        }
        return values;
    }
}
