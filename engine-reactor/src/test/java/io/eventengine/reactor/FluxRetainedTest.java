package io.eventengine.reactor;

import static io.eventengine.reactor.TestEngines.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.PublishOptions;
import io.eventengine.core.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Retained messages through a {@code Flux}: a late subscriber is handed each matching topic's retained message first,
 * under its demand like any other, then the live ones, with neither a gap nor a duplicate at the boundary.
 */
class FluxRetainedTest {
    private static final PublishOptions RETAINED = PublishOptions.BLOCKING.retained();

    private final EventEngine engine = TestEngines.started(64);
    private final ReactorEngine rx = ReactorEngine.of(engine);

    @AfterEach
    void close() {
        engine.close();
    }

    private static String text(MessagePayload m) {
        return m.topic() + "=" + m.get(0);
    }

    @Test
    void aLateSubscriberGetsTheRetainedMessagesFirstThenLiveOnes() {
        engine.publish("Quote.A", RETAINED, 1);
        engine.publish("Quote.B", RETAINED, 2);
        engine.publish("Quote.A", 9); // not retained: Quote.A keeps 1
        TestEngines.awaitDispatched(engine);

        StepVerifier.create(rx.flux("Quote.*").map(FluxRetainedTest::text), 1)
                .expectNext("Quote.A=1") // demand 1: the replay waits for more like live messages do
                .thenRequest(1)
                .expectNext("Quote.B=2")
                .then(() -> TestEngines.put(engine, "Quote.B", 3))
                .thenRequest(1)
                .expectNext("Quote.B=3")
                .thenCancel()
                .verify(WAIT);
        assertEquals(0, engine.size());
    }

    @Test
    void publishingRetainedThroughAMonoKeepsTheTopicsValue() {
        rx.publish(Topic.of("Quote.A"), List.of(), Map.of("bid", 1.5), RETAINED).block(WAIT);
        TestEngines.awaitDispatched(engine);
        List<MessagePayload> held = engine.retained("Quote.A");
        assertEquals(1, held.size());
        assertTrue(held.get(0).isRetained());
        StepVerifier.create(rx.flux("Quote.{symbol}").map(m -> m.getDouble("bid")))
                .expectNext(1.5)
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void anEmptyRetainedMessageClearsTheTopicForLaterSubscribers() {
        engine.publish("Quote.A", RETAINED, 1);
        engine.publish("Quote.A", RETAINED); // empty: clears
        engine.publish("Quote.B", RETAINED, 2);
        TestEngines.awaitDispatched(engine);
        StepVerifier.create(rx.flux("Quote.*").map(FluxRetainedTest::text))
                .expectNext("Quote.B=2")
                .then(() -> TestEngines.put(engine, "Quote.A", 3))
                .expectNext("Quote.A=3")
                .thenCancel()
                .verify(WAIT);
    }

    /**
     * A producer goes round four retained topics while subscribers join, some consuming on another thread. A
     * subscriber to all of them is owed the last four seq ids before it joined and then every later one, so the seq
     * ids it sees run on by one to the end.
     */
    @Test
    void subscribersJoiningARacingProducerSeeNoGapAndNoDuplicate() {
        int topics = 4;
        int rounds = 3_000;
        int subscribers = 40;
        FluxOptions untilDone = FluxOptions.defaults().withCompleteOn("Done");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread producer = new Thread(
                () -> {
                    try {
                        for (int v = 0; v < rounds; v++) {
                            for (int k = 0; k < topics; k++) {
                                engine.publish("S." + k, RETAINED, v, k);
                            }
                            if (v % 25 == 0) {
                                LockSupport.parkNanos(50_000); // paced, so the subscribers join mid-stream
                            }
                        }
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                },
                "retain-producer");
        producer.start();
        List<CompletableFuture<List<MessagePayload>>> results = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            var flux = rx.flux("S.*", untilDone.withBufferSize(16));
            results.add((i % 2 == 0 ? flux : flux.publishOn(Schedulers.parallel(), 8))
                    .collectList()
                    .toFuture());
            LockSupport.parkNanos(100_000);
        }
        try {
            producer.join(WAIT.toMillis());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertEquals(null, failure.get());
        engine.publish("Done");

        long lastSeq = (long) topics * rounds - 1;
        int joinedMidStream = 0;
        for (CompletableFuture<List<MessagePayload>> result : results) {
            List<MessagePayload> seen =
                    result.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            assertTrue(!seen.isEmpty(), "every subscriber is owed at least the retained messages");
            for (int i = 1; i < seen.size(); i++) {
                assertEquals(seen.get(i - 1).seqId() + 1, seen.get(i).seqId(), "seq ids run on by one");
            }
            assertEquals(lastSeq, seen.get(seen.size() - 1).seqId(), "every subscriber sees the last message");
            long first = seen.get(0).seqId();
            if (first > 0 && first < lastSeq - topics) {
                joinedMidStream++;
            }
        }
        assertTrue(
                joinedMidStream >= subscribers / 2,
                "the race was run: " + joinedMidStream + " of " + subscribers + " joined mid-stream");
    }
}
