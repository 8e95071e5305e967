package io.eventengine.reactor;

import static io.eventengine.reactor.TestEngines.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Overflow;
import io.eventengine.core.Topic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A burst from two producers through a small engine queue, to subscribers with different demand patterns: each sees
 * messages in publish (= dispatch) order, BLOCK ones all of them, the DROP_OLDEST one an in-order subsequence whose
 * gaps are exactly the counted drops.
 */
class FluxOrderingTest {
    private static final int PER_PRODUCER = 5_000;
    private static final int PRODUCERS = 2;

    private final EventEngine engine = TestEngines.started(64);
    private final ReactorEngine rx = ReactorEngine.of(engine);

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void everySubscriberSeesItsMessagesInPublishOrder() {
        FluxOptions untilEnd = FluxOptions.defaults().withCompleteOn("Burst.End"); // Burst.{p} matches it too
        List<Mono<List<MessagePayload>>> blocking = List.of(
                rx.flux("Burst.{producer}", untilEnd).collectList(),
                rx.flux("Burst.{producer}", untilEnd.withBufferSize(8))
                        .publishOn(Schedulers.parallel(), 16)
                        .collectList(),
                rx.flux("Burst.**", untilEnd.withBufferSize(1))
                        .publishOn(Schedulers.single(), 1) // one at a time, from another thread
                        .collectList(),
                rx.flux("Burst.{producer}", untilEnd).limitRate(7).collectList());
        Mono<List<MessagePayload>> dropping = rx.flux(
                        "Burst.{producer}",
                        untilEnd.withOverflow(Overflow.DROP_OLDEST).withBufferSize(4))
                .publishOn(Schedulers.boundedElastic(), 2)
                .collectList();

        List<CompletableFuture<List<MessagePayload>>> results = new ArrayList<>();
        blocking.forEach(m -> results.add(m.toFuture()));
        CompletableFuture<List<MessagePayload>> dropped = dropping.toFuture();

        TestEngines.publishFromProducers(engine, "Burst.", PRODUCERS, PER_PRODUCER);
        engine.publish(Topic.of("Burst.End"), List.of(), Map.of());

        for (CompletableFuture<List<MessagePayload>> result : results) {
            List<MessagePayload> received =
                    result.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            assertEquals(PRODUCERS * PER_PRODUCER, received.size());
            assertInOrder(received);
        }
        List<MessagePayload> subsequence =
                dropped.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        assertInOrder(subsequence);
        assertEquals(
                PRODUCERS * PER_PRODUCER, subsequence.size() + engine.stats().subscriberDrops());
        assertEquals(0, engine.size(), "every subscriber completed and unregistered");
    }

    /** Dispatch order (seq ids) strictly increases, and so does each producer's own counter. */
    private static void assertInOrder(List<MessagePayload> received) {
        long lastSeq = -1;
        int[] lastByProducer = new int[PRODUCERS];
        Arrays.fill(lastByProducer, -1);
        for (MessagePayload m : received) {
            assertTrue(m.seqId() > lastSeq, () -> "seq " + m.seqId() + " after " + m);
            lastSeq = m.seqId();
            int producer = (Integer) m.get(0);
            int n = (Integer) m.get(1);
            assertTrue(n > lastByProducer[producer], () -> "producer " + producer + " sent " + n + " out of order");
            lastByProducer[producer] = n;
        }
    }
}
