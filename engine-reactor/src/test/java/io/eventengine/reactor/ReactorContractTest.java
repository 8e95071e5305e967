package io.eventengine.reactor;

import static io.eventengine.reactor.TestEngines.WAIT;
import static io.eventengine.reactor.TestEngines.assertContains;
import static io.eventengine.reactor.TestEngines.awaitDispatched;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Overflow;
import io.eventengine.core.PublishOptions;
import io.eventengine.core.QueueFullException;
import io.eventengine.core.SubscriberOverflowException;
import io.eventengine.core.Topic;
import io.eventengine.core.spi.EngineSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The messaging contract (issue 13), row by row, from Java: each nested class is one row of the contract, as
 * engine-reactor implements it. Engines that are not started are driven by hand ({@code tryPoll} is the consumer that
 * frees room), so nothing here depends on timing except where a row is about time, and then StepVerifier bounds it.
 */
class ReactorContractTest {
    private static final Topic ORDERS = Topic.of("Orders.New");

    /** A typed message value. */
    record Quote(String symbol, double price) {}

    /** A stopped engine of capacity 2 with both slots taken, and its Reactor view. */
    abstract static class FullEngine {
        final EventEngine engine = EventEngine.builder().capacity(2).build();
        final ReactorEngine rx = ReactorEngine.of(engine);

        FullEngine() {
            assertTrue(engine.tryPublish(ORDERS, "fill-0"));
            assertTrue(engine.tryPublish(ORDERS, "fill-1"));
        }

        @AfterEach
        void closeEngine() {
            engine.close();
        }

        /** The consumer frees one slot, as the dispatcher would; returns the message's only argument. */
        Object takeOne() {
            MessagePayload m = engine.tryPoll();
            assertNotNull(m, "the queue was empty");
            return m.get(0);
        }
    }

    // ---- publish waits as configured --------------------------------------------------------------------------

    @Nested
    class PublishWaitsAsConfigured extends FullEngine {
        @Test
        void byDefaultItWaitsForRoomWithoutBlockingAndCompletesOnceAConsumerFreesRoom() {
            assertEquals(PublishOptions.BLOCKING, engine.publishOptions(), "the engine's default");
            AtomicBoolean completed = new AtomicBoolean();
            StepVerifier.create(rx.publish(ORDERS, "waited").doOnSuccess(v -> completed.set(true)))
                    .expectSubscription()
                    .then(() -> {
                        // subscribe returned on this thread: nothing blocked, and nothing was queued yet
                        assertFalse(completed.get());
                        assertEquals(2, engine.occupancy());
                        assertEquals("fill-0", takeOne()); // frees room: the engine calls the publish back
                    })
                    .expectComplete()
                    .verify(WAIT);
            assertEquals("fill-1", takeOne());
            assertEquals("waited", takeOne());
            assertEquals(0, engine.stats().rejectedPuts(), "a wait that gets in is not a rejected put");
        }

        @Test
        void theEnginesPublishOptionsAreTheDefault() {
            EventEngine failFast = EventEngine.builder()
                    .capacity(2)
                    .publishOptions(PublishOptions.NON_BLOCKING)
                    .build();
            try {
                assertTrue(failFast.tryPublish(ORDERS, "fill"));
                assertTrue(failFast.tryPublish(ORDERS, "fill"));
                StepVerifier.create(ReactorEngine.of(failFast).publish(ORDERS, "refused"))
                        .expectError(QueueFullException.class)
                        .verify(WAIT);
            } finally {
                failFast.close();
            }
        }

        @Test
        void nonBlockingFailsAtOnceWithQueueFullExceptionAndQueuesNothing() {
            StepVerifier.create(rx.publish(ORDERS, PublishOptions.NON_BLOCKING, "refused"))
                    .expectErrorSatisfies(e -> {
                        assertInstanceOf(QueueFullException.class, e);
                        assertContains(e.getMessage(), "capacity 2", "'Orders.New'");
                    })
                    .verify(WAIT);
            assertEquals(2, engine.occupancy());
            assertEquals(1, engine.stats().rejectedPuts());
        }

        /**
         * A thief registered before the publish takes every slot the consumer frees, so each free slot makes the
         * publish retry and lose: the publish retries several times, gives up after its timeout, and counts once.
         */
        @Test
        void waitAtMostFailsAfterItsTimeAndCountsOneRejectedPutHoweverManyRetries() {
            EngineSupport support = EngineSupport.of(engine);
            int rounds = 5;
            AtomicInteger stolen = new AtomicInteger();
            Runnable thief = new Runnable() {
                @Override
                public void run() {
                    assertTrue(support.offer(ORDERS, List.of("stolen"), Map.of()));
                    if (stolen.incrementAndGet() < rounds) {
                        support.whenRoomAvailable(this); // ahead of the publish's own callback again
                    }
                }
            };
            support.whenRoomAvailable(thief); // the queue is full: it waits
            Duration timeout = Duration.ofMillis(300);
            long start = System.nanoTime();
            StepVerifier.create(rx.publish(ORDERS, PublishOptions.waitAtMost(timeout), "late"))
                    .expectSubscription()
                    .then(() -> {
                        for (int i = 0; i < rounds; i++) {
                            takeOne(); // the thief refills, then the publish retries and finds the queue full
                        }
                        assertEquals(rounds, stolen.get());
                        assertEquals(2, engine.occupancy());
                    })
                    .expectErrorSatisfies(e -> {
                        assertInstanceOf(QueueFullException.class, e);
                        assertContains(e.getMessage(), "waited " + timeout);
                    })
                    .verify(WAIT);
            assertTrue(System.nanoTime() - start >= timeout.toNanos(), "it gave up before its timeout");
            assertEquals(1, engine.stats().rejectedPuts(), "one per publish, however many retries");
            assertEquals("stolen", takeOne());
            assertEquals("stolen", takeOne());
            assertNull(engine.tryPoll(), "nothing of the publish that gave up was queued");
        }
    }

    // ---- tryPublish -------------------------------------------------------------------------------------------

    @Nested
    class TryPublish extends FullEngine {
        @Test
        void emitsFalseOnAFullQueueAndQueuesNothing() {
            StepVerifier.create(rx.tryPublish(ORDERS, "refused"))
                    .expectNext(false)
                    .expectComplete()
                    .verify(WAIT);
            assertEquals(1, engine.stats().rejectedPuts());
            assertEquals("fill-0", takeOne());
            assertEquals("fill-1", takeOne());
            assertNull(engine.tryPoll());
        }

        @Test
        void emitsTrueWhenItQueued() {
            takeOne();
            StepVerifier.create(rx.tryPublish(ORDERS, List.of("queued"), Map.of("k", 1)))
                    .expectNext(true)
                    .expectComplete()
                    .verify(WAIT);
            takeOne();
            MessagePayload m = engine.tryPoll();
            assertNotNull(m);
            assertEquals(List.of("queued"), m.args());
            assertEquals(Map.of("k", 1), m.kwargs());
        }
    }

    // ---- timeouts: one rule -----------------------------------------------------------------------------------

    @Nested
    class Timeouts extends FullEngine {
        @Test
        void zeroNeverWaits() {
            AtomicReference<Throwable> error = new AtomicReference<>();
            rx.publish(ORDERS, PublishOptions.waitAtMost(Duration.ZERO), "refused")
                    .subscribe(v -> {}, error::set);
            // signalled before subscribe returned: no wait at all
            assertInstanceOf(QueueFullException.class, error.get());
            assertEquals(1, engine.stats().rejectedPuts());
        }

        @Test
        void foreverWaitsUntilThereIsRoom() {
            PublishOptions forever = PublishOptions.waitAtMost(EventEngine.FOREVER);
            assertTrue(forever.waitsForever());
            StepVerifier.create(rx.publish(ORDERS, forever, "patient"))
                    .expectSubscription()
                    .expectNoEvent(Duration.ofMillis(300)) // longer than any timer of a timed wait here
                    .then(this::takeOne)
                    .expectComplete()
                    .verify(WAIT);
            assertEquals(0, engine.stats().rejectedPuts());
        }
    }

    // ---- subscribe --------------------------------------------------------------------------------------------

    @Nested
    class Subscribe {
        private final EventEngine engine = TestEngines.started(64);
        private final ReactorEngine rx = ReactorEngine.of(engine);

        @AfterEach
        void closeEngine() {
            engine.close();
        }

        @Test
        void aFluxOnAPatternGetsTheMessagesOfTheExactTopicsItMatches() {
            StepVerifier.create(
                            rx.flux("Market.Data.{symbol}").map(m -> m.topic().value() + "=" + m.get(0)))
                    .then(() -> {
                        engine.publish("Market.Data.AAPL", 1);
                        engine.publish("Market.Other.AAPL", 2); // no match
                        engine.publish("Market.Data.MSFT", 3);
                    })
                    .expectNext("Market.Data.AAPL=1", "Market.Data.MSFT=3")
                    .thenCancel()
                    .verify(WAIT);
        }

        @Test
        void aTypedFluxSkipsOtherMessagesWithoutTakingDemandOrBufferRoom() {
            Quote aapl = new Quote("AAPL", 189.5);
            Quote msft = new Quote("MSFT", 410.0);
            // FAIL with a buffer of 1 and no demand: a skipped message that took buffer room would fail it
            FluxOptions tight = FluxOptions.of(Overflow.FAIL, 1);
            StepVerifier.create(rx.flux("Quotes.{symbol}", Quote.class, tight), 0)
                    .expectSubscription()
                    .then(() -> {
                        engine.publish("Quotes.AAPL", "not a quote");
                        engine.publish("Quotes.AAPL", aapl, "and a second argument");
                        engine.publish("Quotes.AAPL", (Object) null);
                        engine.publish("Quotes.AAPL", List.of(), Map.of("quote", aapl));
                        engine.publish("Quotes.AAPL", aapl);
                        awaitDispatched(engine);
                    })
                    .thenRequest(1)
                    .expectNext(aapl)
                    .then(() -> {
                        engine.publish("Quotes.MSFT", 42);
                        engine.publish("Quotes.MSFT", msft);
                        awaitDispatched(engine);
                    })
                    .thenRequest(1) // exactly one: the skipped 42 did not use it up
                    .expectNext(msft)
                    .thenCancel()
                    .verify(WAIT);
            assertEquals(0, engine.stats().subscriberDrops(), "skipping is not dropping");
        }

        @Test
        void typedSubscribersOfDifferentTypesShareAPattern() {
            Quote ibm = new Quote("IBM", 250.0);
            StepVerifier quotes = StepVerifier.create(rx.flux("Bus.**", Quote.class))
                    .expectNext(ibm)
                    .thenCancel()
                    .verifyLater();
            StepVerifier texts = StepVerifier.create(rx.flux("Bus.**", String.class))
                    .expectNext("hello")
                    .thenCancel()
                    .verifyLater();
            TestEngines.awaitTrue(
                    "both registered", () -> engine.hook(Topic.of("Bus.**")).size() == 2);
            engine.publish("Bus.A", "hello");
            engine.publish("Bus.B", ibm);
            quotes.verify(WAIT);
            texts.verify(WAIT);
        }
    }

    // ---- slow subscriber: each overflow policy ----------------------------------------------------------------

    @Nested
    class SlowSubscriber {
        private static final String PATTERN = "Feed.{symbol}";

        private final EventEngine engine = TestEngines.started(16);
        private final ReactorEngine rx = ReactorEngine.of(engine);

        @AfterEach
        void closeEngine() {
            engine.close();
        }

        private Flux<Integer> ints(FluxOptions options) {
            return rx.flux(PATTERN, options).map(TestEngines::value);
        }

        @Test
        void failFailsItWithASubscriberOverflowExceptionNamingPatternBufferSizeAndPolicy() {
            StepVerifier.create(ints(FluxOptions.of(Overflow.FAIL, 2)), 0)
                    .expectSubscription()
                    .then(() -> TestEngines.putAll(engine, "Feed.X", 0, 3))
                    .expectErrorSatisfies(e -> {
                        SubscriberOverflowException overflow = assertInstanceOf(SubscriberOverflowException.class, e);
                        assertEquals(Topic.of(PATTERN), overflow.pattern());
                        assertEquals(2, overflow.bufferSize());
                        assertEquals(Overflow.FAIL, overflow.overflow());
                        assertContains(e.getMessage(), "'" + PATTERN + "'", "buffer of 2 messages", "FAIL");
                    })
                    .verify(WAIT);
            awaitDispatched(engine);
            assertEquals(0, engine.size(), "unregistered");
        }

        @Test
        void dropOldestKeepsTheLatestAndCountsTheDropsInSubscriberDrops() {
            StepVerifier.create(ints(FluxOptions.of(Overflow.DROP_OLDEST, 2)), 0)
                    .expectSubscription()
                    .then(() -> {
                        TestEngines.putAll(engine, "Feed.X", 0, 5);
                        awaitDispatched(engine);
                    })
                    .thenRequest(5)
                    .expectNext(3, 4)
                    .thenCancel()
                    .verify(WAIT);
            assertEquals(3, engine.stats().subscriberDrops());
        }

        @Test
        void dropLatestKeepsTheFirstAndCountsTheDropsInSubscriberDrops() {
            StepVerifier.create(ints(FluxOptions.of(Overflow.DROP_LATEST, 2)), 0)
                    .expectSubscription()
                    .then(() -> {
                        TestEngines.putAll(engine, "Feed.X", 0, 5);
                        awaitDispatched(engine);
                    })
                    .thenRequest(5)
                    .expectNext(0, 1)
                    .thenCancel()
                    .verify(WAIT);
            assertEquals(3, engine.stats().subscriberDrops());
        }

        @Test
        void blockHoldsTheDispatcherAtMostBlockTimeoutThenFailsOnlyThatSubscriber() {
            StepVerifier other = StepVerifier.create(
                            ints(FluxOptions.defaults()).take(3))
                    .expectNext(0, 1, 2)
                    .expectComplete()
                    .verifyLater();
            Duration blockTimeout = Duration.ofMillis(200);
            long start = System.nanoTime();
            StepVerifier.create(ints(FluxOptions.of(Overflow.BLOCK, 1).withBlockTimeout(blockTimeout)), 0)
                    .expectSubscription()
                    .then(() -> TestEngines.putAll(engine, "Feed.X", 0, 3))
                    .expectErrorSatisfies(e -> {
                        SubscriberOverflowException overflow = assertInstanceOf(SubscriberOverflowException.class, e);
                        assertEquals(Overflow.BLOCK, overflow.overflow());
                        assertContains(e.getMessage(), "blockTimeout of PT0.2S");
                    })
                    .verify(WAIT);
            assertTrue(System.nanoTime() - start >= blockTimeout.toNanos(), "it waited its blockTimeout first");
            other.verify(WAIT); // the engine went on
            assertEquals(0, engine.stats().subscriberDrops());
        }
    }

    // ---- the engine closes ------------------------------------------------------------------------------------

    @Nested
    class EngineCloses {
        @Test
        void everySubscriberReceivesWhatCloseDeliveredThenCompletes() {
            EventEngine engine = EventEngine.builder().build(); // stopped: close() delivers what is queued
            ReactorEngine rx = ReactorEngine.of(engine);
            StepVerifier byPattern = StepVerifier.create(rx.flux("Close.{n}").map(TestEngines::value))
                    .expectNext(0, 1, 2)
                    .expectComplete()
                    .verifyLater();
            StepVerifier exact = StepVerifier.create(rx.flux("Close.A", Integer.class))
                    .expectNext(0, 1, 2)
                    .expectComplete()
                    .verifyLater();
            TestEngines.putAll(engine, "Close.A", 0, 3);
            engine.close();
            byPattern.verify(WAIT);
            exact.verify(WAIT);
            assertEquals(0, engine.stats().abandoned());
        }

        @Test
        void aPublishWaitingForRoomFailsAtOnceWithIllegalStateExceptionWhenTheEngineCloses() {
            EventEngine engine = EventEngine.builder().capacity(2).build();
            ReactorEngine rx = ReactorEngine.of(engine);
            assertTrue(engine.tryPublish(ORDERS, "fill"));
            assertTrue(engine.tryPublish(ORDERS, "fill"));
            AtomicReference<Throwable> forever = new AtomicReference<>();
            AtomicReference<Throwable> timed = new AtomicReference<>();
            rx.publish(ORDERS, "waiting").subscribe(v -> {}, forever::set);
            rx.publish(ORDERS, PublishOptions.waitAtMost(Duration.ofHours(1)), "waiting")
                    .subscribe(v -> {}, timed::set);
            assertNull(forever.get());
            assertNull(timed.get());
            engine.close();
            // by the time close() returns, both waits have failed
            assertInstanceOf(IllegalStateException.class, forever.get());
            assertInstanceOf(IllegalStateException.class, timed.get());
            assertFalse(timed.get() instanceof QueueFullException);
            assertEquals(0, engine.stats().rejectedPuts(), "closed-engine refusals are not rejected puts");
        }

        @Test
        void subscribingToAClosedEngineIsAnOnErrorSignalNotAThrow() {
            EventEngine engine = EventEngine.create();
            engine.close();
            ReactorEngine rx = ReactorEngine.of(engine);
            Flux<MessagePayload> flux = assertDoesNotThrow(() -> rx.flux("A.{x}"));
            StepVerifier.create(flux)
                    .expectErrorSatisfies(e -> {
                        assertInstanceOf(IllegalStateException.class, e);
                        assertContains(e.getMessage(), "closed");
                    })
                    .verify(WAIT);
            StepVerifier.create(rx.flux("A.B", Quote.class))
                    .expectError(IllegalStateException.class)
                    .verify(WAIT);
            Mono<Void> publish = assertDoesNotThrow(() -> rx.publish("A.B", 1));
            StepVerifier.create(publish)
                    .expectError(IllegalStateException.class)
                    .verify(WAIT);
            StepVerifier.create(rx.tryPublish("A.B", 1))
                    .expectError(IllegalStateException.class)
                    .verify(WAIT);
        }
    }

    // ---- exact routing by literal -----------------------------------------------------------------------------

    @Nested
    class ExactRoutingByLiteral {
        private final EventEngine engine = TestEngines.started(64);
        private final ReactorEngine rx = ReactorEngine.of(engine);

        @AfterEach
        void closeEngine() {
            engine.close();
        }

        @Test
        void aFluxOnAJoinedTopicReceivesAPublishOnTheSameLiteral() {
            Topic joined = Topic.join("a", "600010.SH");
            StepVerifier.create(rx.flux(joined).map(m -> m.get(0)))
                    .then(() -> StepVerifier.create(rx.publish("a.600010.SH", "by literal"))
                            .expectComplete()
                            .verify(WAIT))
                    .expectNext("by literal")
                    .thenCancel()
                    .verify(WAIT);
        }

        @Test
        void aFluxOnTheLiteralReceivesAPublishOnTheJoinedTopic() {
            StepVerifier.create(rx.flux("a.600010.SH", String.class))
                    .then(() -> StepVerifier.create(rx.publish(Topic.join("a", "600010.SH"), "by parts"))
                            .expectComplete()
                            .verify(WAIT))
                    .expectNext("by parts")
                    .thenCancel()
                    .verify(WAIT);
        }
    }
}
