package io.eventengine.reactor;

import static io.eventengine.reactor.TestEngines.WAIT;
import static io.eventengine.reactor.TestEngines.assertContains;
import static io.eventengine.reactor.TestEngines.awaitDispatched;
import static io.eventengine.reactor.TestEngines.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Overflow;
import io.eventengine.core.Topic;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** publishAll asks its source only for what the engine's queue can take, and waits for room without blocking. */
class PublishAllTest {
    private static final Topic TOPIC = Topic.of("Feed.Tick");

    private final EventEngine engine = EventEngine.builder().capacity(16).build(); // stopped until a test starts it
    private final ReactorEngine rx = ReactorEngine.of(engine);
    private final List<Integer> received = new CopyOnWriteArrayList<>();

    PublishAllTest() {
        engine.register(TOPIC, m -> received.add(TestEngines.value(m)));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static MessagePayload tick(int i) {
        return MessagePayload.of(TOPIC, i);
    }

    /** A request and the queue's free capacity when it was made. */
    record Request(long n, int free) {}

    @Test
    void requestsNeverExceedTheFreeCapacityAndEverythingIsQueuedInOrder() {
        List<Request> requests = new CopyOnWriteArrayList<>();
        Flux<Integer> source = Flux.range(0, 100)
                .doOnRequest(n -> requests.add(new Request(n, engine.capacity() - engine.occupancy())));
        AtomicBoolean completed = new AtomicBoolean();
        StepVerifier publishing = StepVerifier.create(
                        rx.publishAll(source, PublishAllTest::tick).doOnSuccess(v -> completed.set(true)))
                .expectComplete()
                .verifyLater();

        // stopped engine: one request for the whole free capacity, then nothing while the queue is full
        assertEquals(List.of(new Request(16, 16)), requests);
        assertEquals(16, engine.occupancy());
        assertFalse(completed.get());

        engine.start();
        publishing.verify(WAIT);
        awaitDispatched(engine);
        assertEquals(IntStream.range(0, 100).boxed().toList(), received);
        assertTrue(requests.size() > 1);
        for (Request r : requests) {
            assertTrue(r.n() <= r.free(), () -> "requested " + r.n() + " with room for " + r.free() + ": " + requests);
            assertTrue(r.n() >= 1);
        }
        assertEquals(0, engine.stats().rejectedPuts(), "its retries are uncounted offers");
    }

    @Test
    void anAsynchronousSourceThroughATinyQueueLosesNothing() {
        engine.start();
        List<Integer> viaFlux = new CopyOnWriteArrayList<>();
        Disposable subscriber = rx.flux(TOPIC, FluxOptions.of(Overflow.BLOCK, 2))
                .publishOn(Schedulers.single(), 4)
                .map(TestEngines::value)
                .subscribe(viaFlux::add);
        StepVerifier.create(rx.publishAll(Flux.range(0, 3_000).publishOn(Schedulers.parallel(), 8), i -> tick(i)))
                .expectComplete()
                .verify(WAIT);
        awaitTrue("the subscriber got everything", () -> viaFlux.size() == 3_000);
        assertEquals(IntStream.range(0, 3_000).boxed().toList(), viaFlux);
        subscriber.dispose();
    }

    @Test
    void aSourceErrorComesAfterTheItemsBeforeItWereQueued() {
        engine.start();
        Flux<Integer> failing = Flux.range(0, 5).concatWith(Flux.error(new IOException("feed lost")));
        StepVerifier.create(rx.publishAll(failing, PublishAllTest::tick))
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(IOException.class, e);
                    assertEquals("feed lost", e.getMessage());
                })
                .verify(WAIT);
        awaitDispatched(engine);
        assertEquals(List.of(0, 1, 2, 3, 4), received);
    }

    @Test
    void aMapperFailureCancelsTheSourceAndFails() {
        engine.start();
        AtomicBoolean cancelled = new AtomicBoolean();
        Flux<Integer> source = Flux.range(0, 10).doOnCancel(() -> cancelled.set(true));
        StepVerifier.create(rx.publishAll(source, i -> {
                    if (i == 3) {
                        throw new IllegalStateException("bad item " + i);
                    }
                    return tick(i);
                }))
                .expectErrorSatisfies(e -> assertContains(e.getMessage(), "bad item 3"))
                .verify(WAIT);
        assertTrue(cancelled.get());
        awaitDispatched(engine);
        assertEquals(List.of(0, 1, 2), received);
    }

    @Test
    void anEngineFailureCancelsTheSourceAndFails() {
        engine.start();
        AtomicBoolean cancelled = new AtomicBoolean();
        Flux<Integer> source = Flux.range(0, 10).doOnCancel(() -> cancelled.set(true));
        StepVerifier.create(rx.publishAll(source, i -> MessagePayload.of(Topic.of("Feed.{pattern}"), i)))
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(IllegalArgumentException.class, e);
                    assertContains(e.getMessage(), "pattern");
                })
                .verify(WAIT);
        assertTrue(cancelled.get());
    }

    @Test
    void cancellingThePublishingCancelsTheSource() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Disposable publishing = rx.publishAll(Flux.<Integer>never().doOnCancel(() -> cancelled.set(true)), i -> tick(i))
                .subscribe();
        publishing.dispose();
        assertTrue(cancelled.get());
    }

    @Test
    void anEmptySourceCompletesAtOnce() {
        StepVerifier.create(rx.publishAll(Flux.<Integer>empty(), PublishAllTest::tick))
                .expectComplete()
                .verify(WAIT);
        assertEquals(0, engine.occupancy());
    }
}
