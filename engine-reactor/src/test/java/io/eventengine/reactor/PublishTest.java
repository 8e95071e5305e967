package io.eventengine.reactor;

import static io.eventengine.reactor.TestEngines.WAIT;
import static io.eventengine.reactor.TestEngines.assertContains;
import static io.eventengine.reactor.TestEngines.awaitDispatched;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.QueueFullException;
import io.eventengine.core.Topic;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** publish: fails fast on a full queue; publishWhenRoom: waits for room without blocking a thread. */
class PublishTest {
    private static final String TOPIC = "Orders.New";

    private EventEngine engine = EventEngine.builder().capacity(2).build(); // stopped: the tests fill it
    private final ReactorEngine rx = ReactorEngine.of(engine);
    private final List<MessagePayload> received = new CopyOnWriteArrayList<>();

    PublishTest() {
        engine.register(TOPIC, received::add);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private void fill() {
        assertTrue(engine.tryPublish(Topic.of(TOPIC), List.of("fill"), Map.of()));
        assertTrue(engine.tryPublish(Topic.of(TOPIC), List.of("fill"), Map.of()));
    }

    @Test
    void publishQueuesOneMessagePerSubscriptionAndCompletes() {
        Mono<Void> publish = rx.publish(TOPIC, List.of(1), Map.of("price", 2.5));
        assertEquals(0, engine.occupancy(), "cold: nothing until subscribed");
        StepVerifier.create(publish).expectComplete().verify(WAIT);
        StepVerifier.create(publish).expectComplete().verify(WAIT);
        engine.start();
        awaitDispatched(engine);
        assertEquals(2, received.size());
        assertEquals(List.of(1), received.get(0).args());
        assertEquals(2.5, received.get(0).getDouble("price"));
    }

    @Test
    void publishOnAFullQueueFailsWithQueueFullExceptionAndQueuesNothing() {
        fill();
        StepVerifier.create(rx.publish(Topic.of(TOPIC), List.of(3), Map.of()))
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(QueueFullException.class, e);
                    assertContains(e.getMessage(), "capacity 2", "'" + TOPIC + "'", "publishWhenRoom");
                })
                .verify(WAIT);
        assertEquals(1, engine.stats().rejectedPuts());
        engine.start();
        awaitDispatched(engine);
        assertEquals(2, received.size());
    }

    @Test
    void publishToAPatternIsRejectedAtAssembly() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> rx.publish("Orders.{kind}", List.of(), Map.of()));
        assertContains(e.getMessage(), "pattern");
    }

    @Test
    void publishOnAClosedEngineFails() {
        engine.close();
        StepVerifier.create(rx.publish(TOPIC, List.of(), Map.of()))
                .expectError(IllegalStateException.class)
                .verify(WAIT);
    }

    @Test
    void publishWhenRoomWaitsForRoomWithoutBlockingAndCompletesOnceQueued() {
        fill();
        AtomicBoolean completed = new AtomicBoolean();
        StepVerifier.create(
                        rx.publishWhenRoom(TOPIC, List.of("waited"), Map.of()).doOnSuccess(v -> completed.set(true)))
                .expectSubscription()
                .then(() -> {
                    // subscribe returned (the subscribing thread was not held), and nothing was queued yet
                    assertFalse(completed.get());
                    assertEquals(2, engine.occupancy());
                    engine.start();
                })
                .expectComplete()
                .verify(WAIT);
        awaitDispatched(engine);
        assertEquals(
                List.of("fill", "fill", "waited"),
                received.stream().map(m -> m.get(0)).toList());
        assertEquals(0, engine.stats().rejectedPuts(), "waiting is not a rejected put");
    }

    @Test
    void publishWhenRoomCompletesAtOnceWhenThereIsRoom() {
        StepVerifier.create(rx.publishWhenRoom(TOPIC, List.of(), Map.of()))
                .expectComplete()
                .verify(WAIT);
        assertEquals(1, engine.occupancy());
    }

    @Test
    void cancellingPublishWhenRoomQueuesNothing() {
        fill();
        Disposable waiting =
                rx.publishWhenRoom(TOPIC, List.of("cancelled"), Map.of()).subscribe();
        waiting.dispose();
        engine.start();
        awaitDispatched(engine);
        assertEquals(
                List.of("fill", "fill"), received.stream().map(m -> m.get(0)).toList());
    }

    @Test
    void manyWaitingPublishersAllGetIn() {
        fill();
        List<Mono<Void>> waits = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            waits.add(rx.publishWhenRoom(TOPIC, List.of(i), Map.of()));
        }
        Mono<Void> all = Mono.when(waits);
        StepVerifier.create(all)
                .expectSubscription()
                .then(engine::start)
                .expectComplete()
                .verify(WAIT);
        awaitDispatched(engine);
        assertEquals(102, received.size());
    }
}
