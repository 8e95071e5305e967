package io.eventengine.reactor;

import static io.eventengine.reactor.TestEngines.WAIT;
import static io.eventengine.reactor.TestEngines.assertContains;
import static io.eventengine.reactor.TestEngines.awaitDispatched;
import static io.eventengine.reactor.TestEngines.awaitTrue;
import static io.eventengine.reactor.TestEngines.put;
import static io.eventengine.reactor.TestEngines.putAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventHook;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Overflow;
import io.eventengine.core.PublishOptions;
import io.eventengine.core.QueueFullException;
import io.eventengine.core.SubscriberOverflowException;
import io.eventengine.core.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Each overflow policy with StepVerifier: what a full buffer does to its subscriber, and to nobody else. */
class FluxOverflowTest {
    private static final String PATTERN = "Market.Data.{symbol}";
    private static final String AAPL = "Market.Data.AAPL";

    private EventEngine engine = TestEngines.started(8);
    private final ReactorEngine rx = ReactorEngine.of(engine);

    @AfterEach
    void close() {
        engine.close();
    }

    private Flux<Integer> ints(FluxOptions options) {
        return rx.flux(PATTERN, options).map(TestEngines::value);
    }

    @Test
    void blockHoldsTheDispatcherUntilDemandAndPushesBackToTheProducersWhereNonBlockingPublishFailsFast() {
        // publish now waits for room by default (the engine's BLOCKING options): fail-fast is
        // PublishOptions.NON_BLOCKING
        // engine queue 8, subscriber buffer 4: 4 buffered, the 5th holds the dispatcher, 8 more fill the queue
        FluxOptions options = FluxOptions.of(Overflow.BLOCK, 4).withBlockTimeout(Duration.ofMinutes(1));
        StepVerifier.create(ints(options), 0)
                .expectSubscription()
                .then(() -> {
                    putAll(engine, AAPL, 0, 5);
                    awaitTrue("the dispatcher took the 5th message", () -> engine.occupancy() == 0);
                    putAll(engine, AAPL, 5, 13); // fits: the dispatcher is waiting for our demand
                    assertEquals(engine.capacity(), engine.occupancy());
                    assertFalse(engine.tryPublish(Topic.of(AAPL), List.of(99), Map.of()));
                    StepVerifier.create(rx.publish(AAPL, List.of(99), Map.of(), PublishOptions.NON_BLOCKING))
                            .expectErrorSatisfies(e -> {
                                assertInstanceOf(QueueFullException.class, e);
                                assertContains(e.getMessage(), "capacity 8");
                            })
                            .verify(WAIT);
                })
                .thenRequest(3)
                .expectNext(0, 1, 2)
                .thenRequest(10)
                .expectNext(3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
                .thenCancel()
                .verify(WAIT);
        awaitDispatched(engine);
        assertEquals(0, engine.stats().subscriberDrops());
        assertEquals(0, engine.size());
    }

    @Test
    void blockTimeoutFailsOnlyThatSubscriberAndTheEngineGoesOn() {
        StepVerifier other = StepVerifier.create(ints(FluxOptions.defaults()).take(6))
                .expectNext(0, 1, 2, 3, 4, 5)
                .expectComplete()
                .verifyLater();
        FluxOptions options = FluxOptions.of(Overflow.BLOCK, 2).withBlockTimeout(Duration.ofMillis(200));
        StepVerifier.create(ints(options), 0)
                .expectSubscription()
                .then(() -> putAll(engine, AAPL, 0, 6))
                .expectErrorSatisfies(e -> {
                    SubscriberOverflowException overflow = assertInstanceOf(SubscriberOverflowException.class, e);
                    assertEquals(Topic.of(PATTERN), overflow.pattern());
                    assertEquals(2, overflow.bufferSize());
                    assertEquals(Overflow.BLOCK, overflow.overflow());
                    assertContains(
                            e.getMessage(), "'" + PATTERN + "'", "buffer of 2 messages", "blockTimeout of PT0.2S");
                })
                .verify(WAIT);
        other.verify(WAIT);
        awaitDispatched(engine);
        assertEquals(0, engine.size());
    }

    @Test
    void cancellingABlockedSubscriberReleasesTheDispatcherAtOnce() {
        // a 1-hour timeout: only the cancel can release the dispatcher before the verification times out
        FluxOptions options = FluxOptions.of(Overflow.BLOCK, 1).withBlockTimeout(Duration.ofHours(1));
        NoDemand stalled = new NoDemand();
        rx.flux(PATTERN, options).subscribe(stalled);
        StepVerifier other = StepVerifier.create(ints(FluxOptions.defaults()).take(3))
                .expectNext(0, 1, 2)
                .expectComplete()
                .verifyLater();
        putAll(engine, AAPL, 0, 2);
        awaitTrue("the dispatcher is held by the stalled subscriber", () -> engine.occupancy() == 0);
        stalled.cancel();
        put(engine, AAPL, 2);
        other.verify(WAIT);
        assertTrue(stalled.received.isEmpty());
    }

    @Test
    void failFailsOnlyThatSubscriber() {
        StepVerifier other = StepVerifier.create(
                        ints(FluxOptions.of(Overflow.FAIL, 4)).take(5))
                .expectNext(0, 1, 2, 3, 4)
                .expectComplete()
                .verifyLater();
        StepVerifier.create(ints(FluxOptions.of(Overflow.FAIL, 2)), 0)
                .expectSubscription()
                .then(() -> putAll(engine, AAPL, 0, 5))
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(SubscriberOverflowException.class, e);
                    assertContains(e.getMessage(), "overflow FAIL", "buffer of 2 messages");
                })
                .verify(WAIT);
        other.verify(WAIT);
        assertEquals(0, engine.stats().subscriberDrops());
    }

    @Test
    void dropLatestKeepsTheFirstMessagesAndCountsTheDrops() {
        assertDropPolicy(Overflow.DROP_LATEST, List.of(0, 1, 2, 3), List.of(4, 5, 6, 7, 8, 9));
    }

    @Test
    void dropOldestKeepsTheLatestMessagesAndCountsTheDrops() {
        assertDropPolicy(Overflow.DROP_OLDEST, List.of(6, 7, 8, 9), List.of(0, 1, 2, 3, 4, 5));
    }

    /**
     * Ten messages into a buffer of 4 before any demand: {@code kept} are delivered, {@code discarded} reach the
     * discard hook and the drop count; a later message still flows.
     */
    private void assertDropPolicy(Overflow policy, List<Integer> kept, List<Integer> discarded) {
        List<Object> seenDiscarded = new CopyOnWriteArrayList<>();
        StepVerifier.create(
                        ints(FluxOptions.of(policy, 4))
                                .contextWrite(ctx -> Operators.enableOnDiscard(
                                        ctx, m -> seenDiscarded.add(TestEngines.value((MessagePayload) m)))),
                        0)
                .expectSubscription()
                .then(() -> {
                    putAll(engine, AAPL, 0, 10);
                    awaitDispatched(engine);
                })
                .thenRequest(10)
                .expectNextSequence(kept)
                .then(() -> put(engine, AAPL, 10))
                .expectNext(10)
                .thenCancel()
                .verify(WAIT);
        assertEquals(6, engine.stats().subscriberDrops());
        assertEquals(discarded, seenDiscarded);
    }

    @Test
    void blockOnAReactorNonBlockingThreadFailsAtOnceInsteadOfWaiting() {
        engine.close();
        engine = EventEngine.builder().capacity(8).build(); // not started: the test triggers the hook by hand
        ReactorEngine stopped = ReactorEngine.of(engine);
        FluxOptions options = FluxOptions.of(Overflow.BLOCK, 1).withBlockTimeout(Duration.ofHours(1));
        StepVerifier.create(stopped.flux(PATTERN, options), 0)
                .expectSubscription()
                .then(() -> {
                    EventHook hook = engine.hook(Topic.of(PATTERN));
                    Mono.fromRunnable(() -> {
                                hook.trigger(MessagePayload.of(Topic.of(AAPL), 0));
                                hook.trigger(MessagePayload.of(Topic.of(AAPL), 1)); // buffer full
                            })
                            .subscribeOn(Schedulers.parallel())
                            .block(WAIT);
                })
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(SubscriberOverflowException.class, e);
                    assertContains(e.getMessage(), "non-blocking", "parallel");
                })
                .verify(WAIT);
        assertEquals(0, engine.size());
    }

    /** Requests nothing; records what it gets. */
    static final class NoDemand extends BaseSubscriber<MessagePayload> {
        final List<MessagePayload> received = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        @Override
        protected void hookOnError(Throwable throwable) {
            errors.add(throwable);
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            // no demand
        }

        @Override
        protected void hookOnNext(MessagePayload value) {
            received.add(value);
        }
    }
}
