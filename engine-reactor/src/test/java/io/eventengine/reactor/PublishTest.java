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
import io.eventengine.core.PublishOptions;
import io.eventengine.core.QueueFullException;
import io.eventengine.core.Topic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * publish: waits for room without blocking a thread, as the options say (the engine's BLOCKING by default: what
 * publishWhenRoom did, so those tests now run on publish); fail-fast is PublishOptions.NON_BLOCKING. tryPublish: never
 * waits.
 */
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
    void nonBlockingPublishOnAFullQueueFailsWithQueueFullExceptionAndQueuesNothingSincePublishNowWaitsByDefault() {
        fill();
        StepVerifier.create(rx.publish(Topic.of(TOPIC), List.of(3), Map.of(), PublishOptions.NON_BLOCKING))
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(QueueFullException.class, e);
                    assertContains(e.getMessage(), "capacity 2", "'" + TOPIC + "'", "NON_BLOCKING");
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
        assertThrows(IllegalArgumentException.class, () -> rx.tryPublish("Orders.{kind}", 1));
        assertThrows(IllegalArgumentException.class, () -> rx.publish("Orders.{kind}", PublishOptions.BLOCKING, 1));
    }

    @Test
    void publishOnAClosedEngineFails() {
        engine.close();
        StepVerifier.create(rx.publish(TOPIC, List.of(), Map.of()))
                .expectError(IllegalStateException.class)
                .verify(WAIT);
    }

    @Test
    void publishWaitsForRoomByDefaultWithoutBlockingAndCompletesOnceQueued() {
        fill();
        AtomicBoolean completed = new AtomicBoolean();
        StepVerifier.create(rx.publish(TOPIC, List.of("waited"), Map.of()).doOnSuccess(v -> completed.set(true)))
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
    void publishCompletesAtOnceWhenThereIsRoom() {
        StepVerifier.create(rx.publish(TOPIC)).expectComplete().verify(WAIT);
        assertEquals(1, engine.occupancy());
    }

    @Test
    void cancellingAWaitingPublishQueuesNothingAndCountsNothing() {
        fill();
        Disposable waiting = rx.publish(TOPIC, "cancelled").subscribe();
        waiting.dispose();
        engine.start();
        awaitDispatched(engine);
        assertEquals(
                List.of("fill", "fill"), received.stream().map(m -> m.get(0)).toList());
        assertEquals(0, engine.stats().rejectedPuts(), "a cancelled wait is not a rejected put");
    }

    @Test
    void manyWaitingPublishersAllGetIn() {
        fill();
        List<Mono<Void>> waits = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            waits.add(rx.publish(TOPIC, i));
        }
        Mono<Void> all = Mono.when(waits);
        StepVerifier.create(all)
                .expectSubscription()
                .then(engine::start)
                .expectComplete()
                .verify(WAIT);
        awaitDispatched(engine);
        assertEquals(102, received.size());
        assertEquals(0, engine.stats().rejectedPuts());
    }

    @Test
    void argumentsAreCopiedWhenTheMonoIsMadeAndEveryOverloadPublishesTheSameMessage() {
        engine.close();
        engine = EventEngine.builder().capacity(64).build(); // room for all twelve: tryPublish must not see it full
        ReactorEngine rx = ReactorEngine.of(engine);
        engine.register(TOPIC, received::add);
        Object[] array = {"a", 1};
        List<Object> list = new ArrayList<>(List.of("a", 1));
        Map<String, Object> kwargs = new LinkedHashMap<>(Map.of("k", "v"));
        List<Mono<?>> monos = List.of(
                rx.publish(TOPIC, array),
                rx.publish(Topic.of(TOPIC), array),
                rx.publish(TOPIC, PublishOptions.NON_BLOCKING, array),
                rx.publish(Topic.of(TOPIC), PublishOptions.BLOCKING, array),
                rx.tryPublish(TOPIC, array),
                rx.tryPublish(Topic.of(TOPIC), array),
                rx.publish(TOPIC, list, kwargs),
                rx.publish(Topic.of(TOPIC), list, kwargs),
                rx.publish(TOPIC, list, kwargs, PublishOptions.waitAtMost(WAIT)),
                rx.publish(Topic.of(TOPIC), list, kwargs, PublishOptions.NON_BLOCKING),
                rx.tryPublish(TOPIC, list, kwargs),
                rx.tryPublish(Topic.of(TOPIC), list, kwargs));
        array[0] = "changed";
        list.set(0, "changed");
        kwargs.put("k", "changed");
        for (Mono<?> mono : monos) {
            StepVerifier.create(mono)
                    .thenConsumeWhile(v -> v.equals(true))
                    .expectComplete()
                    .verify(WAIT);
        }
        engine.start();
        awaitDispatched(engine);
        assertEquals(12, received.size());
        for (int i = 0; i < 12; i++) {
            MessagePayload m = received.get(i);
            assertEquals(List.of("a", 1), m.args(), "message " + i);
            assertEquals(i < 6 ? Map.of() : Map.of("k", "v"), m.kwargs(), "message " + i);
        }
    }

    @Test
    void tryPublishEmitsWhetherItQueuedAndNeverWaits() {
        StepVerifier.create(rx.tryPublish(TOPIC, 1))
                .expectNext(true)
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(rx.tryPublish(TOPIC, 2))
                .expectNext(true)
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(rx.tryPublish(TOPIC, 3))
                .expectNext(false)
                .expectComplete()
                .verify(WAIT);
        assertEquals(2, engine.occupancy());
        assertEquals(1, engine.stats().rejectedPuts(), "a false tryPublish is one rejected put");
    }

    @Test
    void aSingleNullArgumentIsOneNullArgument() {
        engine.start();
        StepVerifier.create(rx.publish(TOPIC, (Object[]) null)).expectComplete().verify(WAIT);
        awaitDispatched(engine);
        assertEquals(Collections.singletonList(null), received.get(0).args());
    }
}
