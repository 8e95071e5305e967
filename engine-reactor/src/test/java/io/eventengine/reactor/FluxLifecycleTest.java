package io.eventengine.reactor;

import static io.eventengine.reactor.TestEngines.WAIT;
import static io.eventengine.reactor.TestEngines.assertContains;
import static io.eventengine.reactor.TestEngines.awaitDispatched;
import static io.eventengine.reactor.TestEngines.put;
import static io.eventengine.reactor.TestEngines.putAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Overflow;
import io.eventengine.core.SubscriberOverflowException;
import io.eventengine.core.Topic;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.Scannable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.test.StepVerifier;

/** Subscribe registers, cancel / error / completion unregister; one subscriber's trouble stays its own. */
class FluxLifecycleTest {
    private static final String PATTERN = "Market.Data.{symbol}";
    private static final Topic PATTERN_TOPIC = Topic.of(PATTERN);
    private static final String AAPL = "Market.Data.AAPL";

    private final EventEngine engine = TestEngines.started(64);
    private final ReactorEngine rx = ReactorEngine.of(engine);

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void isColdSubscribeRegistersAndCancelLeavesNoHook() {
        Flux<MessagePayload> flux = rx.flux(PATTERN);
        assertEquals(0, engine.size(), "assembling registers nothing");
        Disposable subscription = flux.subscribe();
        assertEquals(1, engine.hook(PATTERN_TOPIC).size());
        subscription.dispose();
        assertEquals(0, engine.size());
        assertTrue(engine.hooks().isEmpty());
        subscription.dispose(); // idempotent
        assertEquals(0, engine.size());
    }

    @Test
    void cancellingOneSubscriberRemovesOnlyItsHandler() {
        List<Integer> kept = new CopyOnWriteArrayList<>();
        Disposable first = rx.flux(PATTERN).subscribe();
        Disposable second = rx.flux(PATTERN).map(TestEngines::value).subscribe(kept::add);
        assertEquals(2, engine.hook(PATTERN_TOPIC).size());
        first.dispose();
        assertEquals(1, engine.hook(PATTERN_TOPIC).size());
        putAll(engine, AAPL, 0, 3);
        awaitDispatched(engine);
        assertEquals(List.of(0, 1, 2), kept);
        second.dispose();
        assertEquals(0, engine.size());
    }

    @Test
    void completionTopicCompletesAfterEarlierMessagesAndUnregistersBoth() {
        FluxOptions options = FluxOptions.defaults().withCompleteOn("Market.Close");
        StepVerifier.create(rx.flux(PATTERN, options).map(TestEngines::value), 0)
                .expectSubscription()
                .then(() -> {
                    assertEquals(2, engine.size(), "the pattern and the completion topic");
                    putAll(engine, AAPL, 0, 3);
                    put(engine, "Market.Close", 99);
                    put(engine, AAPL, 3); // after the end: not delivered
                    awaitDispatched(engine);
                    assertEquals(0, engine.size(), "unregistered at the completion message, before the demand");
                })
                .thenRequest(1)
                .expectNext(0)
                .thenRequest(5)
                .expectNext(1, 2)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void completionTopicThatTheDataPatternAlsoMatchesIsNotEmitted() {
        FluxOptions options = FluxOptions.defaults().withCompleteOn("Market.Data.END");
        StepVerifier.create(rx.flux(PATTERN, options).map(TestEngines::value))
                .then(() -> {
                    putAll(engine, AAPL, 0, 2);
                    put(engine, "Market.Data.END", 99);
                })
                .expectNext(0, 1)
                .expectComplete()
                .verify(WAIT);
        awaitDispatched(engine);
        assertEquals(0, engine.size());
    }

    @Test
    void requestOfZeroFailsWithIllegalArgumentAndUnregisters() {
        AtomicReference<Throwable> error = new AtomicReference<>();
        rx.flux(PATTERN).subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                subscription.request(0);
            }

            @Override
            protected void hookOnError(Throwable throwable) {
                error.set(throwable);
            }
        });
        assertInstanceOf(IllegalArgumentException.class, error.get());
        assertContains(error.get().getMessage(), "§3.9", PATTERN);
        assertEquals(0, engine.size());
    }

    @Test
    void subscribingToAClosedEngineFails() {
        EventEngine closed = EventEngine.create();
        closed.close();
        StepVerifier.create(ReactorEngine.of(closed).flux(PATTERN))
                .expectErrorSatisfies(e -> {
                    assertInstanceOf(IllegalStateException.class, e);
                    assertContains(e.getMessage(), "closed");
                })
                .verify(WAIT);
        assertEquals(0, closed.size());
    }

    @Test
    void oneSubscribersFailureTouchesNoOtherSubscriber() {
        List<Integer> same = new CopyOnWriteArrayList<>();
        List<Integer> other = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        rx.flux(PATTERN).map(TestEngines::value).subscribe(same::add);
        rx.flux("Market.**").map(TestEngines::value).subscribe(other::add);
        rx.flux(PATTERN, FluxOptions.of(Overflow.FAIL, 1)).subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                // no demand: the second message overflows
            }

            @Override
            protected void hookOnError(Throwable throwable) {
                failed.set(throwable);
            }
        });
        assertEquals(2, engine.hook(PATTERN_TOPIC).size(), "two handlers on the pattern's hook, one on Market.**");
        putAll(engine, AAPL, 0, 5);
        awaitDispatched(engine);
        assertInstanceOf(SubscriberOverflowException.class, failed.get());
        assertEquals(List.of(0, 1, 2, 3, 4), same);
        assertEquals(List.of(0, 1, 2, 3, 4), other);
        assertEquals(1, engine.hook(PATTERN_TOPIC).size(), "only the failed subscriber's handler went");
        assertEquals(0, engine.stats().handlerFailures());
    }

    @Test
    void aSubscriberThatThrowsFromOnNextIsCancelledAndOthersGoOn() {
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try {
            List<Integer> other = new CopyOnWriteArrayList<>();
            rx.flux(PATTERN).map(TestEngines::value).subscribe(other::add);
            rx.flux(PATTERN).subscribe(new Subscriber<MessagePayload>() {
                @Override
                public void onSubscribe(Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(MessagePayload m) {
                    throw new IllegalStateException("boom on " + m.get(0));
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onComplete() {}
            });
            putAll(engine, AAPL, 0, 3);
            awaitDispatched(engine);
            assertEquals(List.of(0, 1, 2), other);
            assertEquals(1, engine.hook(PATTERN_TOPIC).size());
            assertEquals(1, dropped.size());
            assertContains(dropped.get(0).getMessage(), "boom on 0");
            assertEquals(0, engine.stats().handlerFailures(), "contained by the adapter, not thrown at the engine");
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    @Test
    void subscriptionIsScannable() {
        AtomicReference<Subscription> subscription = new AtomicReference<>();
        rx.flux(PATTERN, FluxOptions.of(Overflow.DROP_LATEST, 8)).subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription s) {
                subscription.set(s);
            }
        });
        putAll(engine, AAPL, 0, 3);
        awaitDispatched(engine);
        Scannable scannable = Scannable.from(subscription.get());
        assertEquals(3, scannable.scan(Scannable.Attr.BUFFERED));
        assertEquals(8, scannable.scan(Scannable.Attr.CAPACITY));
        assertEquals(0L, scannable.scan(Scannable.Attr.REQUESTED_FROM_DOWNSTREAM));
        assertNull(scannable.scan(Scannable.Attr.ERROR));
        subscription.get().cancel();
        assertEquals(true, scannable.scan(Scannable.Attr.CANCELLED));
        // The thread in the drain loop discards it: cancel itself when none is, else that loop once it sees the flag.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Integer.valueOf(0).equals(scannable.scan(Scannable.Attr.BUFFERED)) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, scannable.scan(Scannable.Attr.BUFFERED), "cancel discards the buffer");
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> FluxOptions.of(Overflow.BLOCK, 0));
        assertThrows(
                IllegalArgumentException.class, () -> FluxOptions.defaults().withBlockTimeout(java.time.Duration.ZERO));
        assertEquals(Overflow.BLOCK, FluxOptions.defaults().overflow());
        assertEquals(256, FluxOptions.defaults().bufferSize());
        assertNull(FluxOptions.defaults().completeOn());
    }
}
