package io.eventengine.core.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Overflow;
import io.eventengine.core.PublishOptions;
import io.eventengine.core.QueueEmptyException;
import io.eventengine.core.QueueFullException;
import io.eventengine.core.Registration;
import io.eventengine.core.SubscriberOverflowException;
import io.eventengine.core.Topic;
import io.eventengine.core.TopicPart;
import io.eventengine.core.TopicSyntaxException;
import io.eventengine.core.spi.EngineSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The README's contract table, row by row, for the Java core, written as a Java user writes it: only the public API (this
 * package is not the library's, so nothing package-private is in reach).
 */
class CoreContractTest {
    private static final Duration LONG = Duration.ofSeconds(10);
    private static final Topic TOPIC = Topic.of("Contract.Data");

    private final List<EventEngine> engines = new ArrayList<>();

    /** A stopped engine with a queue of two, full when {@code filled}. */
    private EventEngine roomyEngine() {
        EventEngine e = EventEngine.builder().name("contract").capacity(16).build();
        engines.add(e);
        return e;
    }

    private EventEngine engine(boolean filled) {
        EventEngine e = EventEngine.builder().name("contract").capacity(2).build();
        engines.add(e);
        if (filled) {
            e.publish(TOPIC, 1);
            e.publish(TOPIC, 2);
        }
        return e;
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(EventEngine::close);
    }

    private static <T> T within(Duration limit, java.util.concurrent.Callable<T> call) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
                    try {
                        return call.call();
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                })
                .get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Nested
    class PublishWaitingAsConfigured {
        @Test
        void defaultOptionsWaitForRoomUntilAConsumerFreesIt() throws Exception {
            EventEngine e = engine(true);
            assertEquals(PublishOptions.BLOCKING, e.publishOptions());
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> e.publish(TOPIC, 3));
            Thread.sleep(50); // a publish that did not wait would have completed (or failed) by now
            assertFalse(waiting.isDone(), "the publish must wait while the queue is full");
            assertEquals(1, e.tryPoll().args().get(0));
            waiting.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(2, e.take().args().get(0));
            assertEquals(3, e.take().args().get(0));
            assertEquals(0, e.stats().rejectedPuts(), "a wait that got in is not a rejected put");
        }

        @Test
        void everyOverloadPublishesTheSameMessage() {
            EventEngine e = EventEngine.builder().capacity(64).build();
            engines.add(e);
            Map<String, Object> kwargs = Map.of("price", 1.5);
            e.publish(TOPIC, "a", "b");
            e.publish("Contract.Data", "a", "b");
            e.publish(TOPIC, PublishOptions.NON_BLOCKING, "a", "b");
            e.publish("Contract.Data", PublishOptions.NON_BLOCKING, "a", "b");
            e.put(TOPIC, "a", "b");
            e.put("Contract.Data", PublishOptions.BLOCKING, "a", "b");
            e.publish(TOPIC, List.of("a", "b"), kwargs);
            e.publish("Contract.Data", List.of("a", "b"), kwargs, PublishOptions.BLOCKING);
            e.put(TOPIC, List.of("a", "b"), kwargs);
            e.put("Contract.Data", List.of("a", "b"), kwargs, PublishOptions.NON_BLOCKING);
            assertTrue(e.tryPublish(TOPIC, List.of("a", "b"), kwargs));
            assertTrue(e.tryPublish("Contract.Data", "a", "b"));
            for (int i = 0; i < 12; i++) {
                MessagePayload m = e.take();
                assertEquals(TOPIC, m.topic());
                assertEquals(List.of("a", "b"), m.args());
                assertEquals(i >= 6 && i <= 10 ? kwargs : Map.of(), m.kwargs(), "message " + i);
            }
        }

        @Test
        void theVarargsArrayIsCopied() {
            EventEngine e = engine(false);
            Object[] args = {"first", "second"};
            e.publish(TOPIC, args); // Java passes the array itself: no spread copy happens at the call site
            args[0] = "changed";
            assertEquals(List.of("first", "second"), e.take().args());
            assertArrayEquals(new Object[] {"changed", "second"}, args);
        }

        @Test
        void everyVarargsVerbCopiesTheArray() {
            EventEngine e = roomyEngine();
            Object[] args = {"first"};
            e.publish("Contract.Data", args);
            e.put(TOPIC, args);
            e.put("Contract.Data", args);
            assertTrue(e.tryPublish(TOPIC, args));
            assertTrue(e.tryPublish("Contract.Data", args));
            e.publish(TOPIC, PublishOptions.BLOCKING, args);
            e.put("Contract.Data", PublishOptions.NON_BLOCKING, args);
            args[0] = "changed";
            for (int i = 0; i < 7; i++) {
                assertEquals(List.of("first"), e.take().args(), "message " + i);
            }
        }

        @Test
        void aLoneNullIsOneNullArgument() {
            EventEngine e = roomyEngine();
            e.publish(TOPIC, (Object[]) null);
            e.put("Contract.Data", (Object[]) null);
            assertTrue(e.tryPublish(TOPIC, (Object[]) null));
            e.publish(TOPIC, PublishOptions.BLOCKING, (Object[]) null);
            for (int i = 0; i < 4; i++) {
                assertEquals(Collections.singletonList(null), e.take().args(), "message " + i);
            }
        }

        @Test
        void noArgumentsIsAnEmptyArgumentList() {
            EventEngine e = engine(false);
            e.publish(TOPIC);
            assertTrue(e.tryPublish("Contract.Data"));
            assertEquals(List.of(), e.take().args());
            assertEquals(List.of(), e.take().args());
        }
    }

    @Nested
    class PublishNeverWaiting {
        @Test
        void tryPublishReturnsFalseOnAFullQueueAndQueuesNothing() {
            EventEngine e = engine(true);
            assertFalse(e.tryPublish(TOPIC, 3));
            assertFalse(e.tryPublish("Contract.Data", List.of(3), Map.of()));
            assertEquals(2, e.occupancy());
            assertEquals(2, e.stats().rejectedPuts(), "one per refused tryPublish");
            assertEquals(1, e.take().args().get(0));
            assertEquals(2, e.take().args().get(0));
            assertNull(e.tryPoll());
        }

        @Test
        void nonBlockingOptionsFailAtOnceWithQueueFull() {
            EventEngine e = engine(true);
            QueueFullException full =
                    assertThrows(QueueFullException.class, () -> e.publish(TOPIC, PublishOptions.NON_BLOCKING, 3));
            assertTrue(full.getMessage().contains("capacity 2"), full.getMessage());
            assertEquals(2, e.occupancy());
            assertEquals(1, e.stats().rejectedPuts());
        }
    }

    @Nested
    class TimedWaitGivesUp {
        @Test
        void aTimedPublishThrowsQueueFullAfterItsTimeAndCountsOnce() {
            EventEngine e = engine(true);
            long start = System.nanoTime();
            QueueFullException full = assertThrows(
                    QueueFullException.class,
                    () -> e.publish(TOPIC, PublishOptions.waitAtMost(Duration.ofMillis(80)), 3));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(80).toNanos(), "it waited its time");
            assertTrue(full.getMessage().contains("PT0.08S"), full.getMessage());
            assertEquals(2, e.occupancy(), "nothing was queued");
            assertEquals(1, e.stats().rejectedPuts(), "one rejected put, however often it retried");
        }
    }

    @Nested
    class Timeouts {
        @Test
        void zeroNeverWaitsEverywhere() {
            EventEngine e = engine(true);
            assertFalse(PublishOptions.waitAtMost(Duration.ZERO).waits());
            assertTimeoutPreemptively(LONG, () -> {
                assertThrows(
                        QueueFullException.class, () -> e.publish(TOPIC, PublishOptions.waitAtMost(Duration.ZERO), 3));
                EventEngine empty = engine(false);
                assertThrows(QueueEmptyException.class, () -> empty.poll(Duration.ZERO));
            });
        }

        @Test
        void foreverIsAnExplicitConstant() throws Exception {
            assertTrue(PublishOptions.BLOCKING.waitsForever());
            assertTrue(PublishOptions.waitAtMost(EventEngine.FOREVER).waitsForever());
            assertFalse(PublishOptions.waitAtMost(Duration.ofDays(365)).waitsForever());
            EventEngine e = engine(false);
            CompletableFuture<MessagePayload> polled = CompletableFuture.supplyAsync(() -> e.poll(EventEngine.FOREVER));
            Thread.sleep(50);
            assertFalse(polled.isDone(), "poll(FOREVER) waits");
            e.publish(TOPIC, "late");
            assertEquals(
                    "late",
                    polled.get(LONG.toMillis(), TimeUnit.MILLISECONDS).args().get(0));
        }

        @Test
        void negativeTimeoutsAreRejectedWithTheRule() {
            IllegalArgumentException err = assertThrows(
                    IllegalArgumentException.class, () -> PublishOptions.waitAtMost(Duration.ofMillis(-1)));
            assertTrue(err.getMessage().contains("Duration.ZERO never waits"), err.getMessage());
            EventEngine e = engine(false);
            assertThrows(IllegalArgumentException.class, () -> e.poll(Duration.ofMillis(-1)));
            assertThrows(IllegalArgumentException.class, () -> e.stop(true, Duration.ofMillis(-1)));
        }

        @Test
        void stopWithDrainForeverDeliversEverythingAndZeroDeliversNothing() {
            EventEngine e = EventEngine.builder().capacity(64).build();
            engines.add(e);
            List<Object> seen = new CopyOnWriteArrayList<>();
            e.register(TOPIC, m -> seen.add(m.args().get(0)));
            for (int i = 0; i < 5; i++) {
                e.publish(TOPIC, i);
            }
            assertEquals(5, e.stop(true, Duration.ZERO), "no wait: nothing delivered");
            assertEquals(0, e.stop(true, EventEngine.FOREVER));
            assertEquals(List.of(0, 1, 2, 3, 4), seen);
        }
    }

    @Nested
    class TakingByHand {
        @Test
        void takePollAndTryPollReturnMessagesInOrderNumbered() {
            EventEngine e = engine(false);
            assertNull(e.tryPoll());
            QueueEmptyException empty = assertThrows(QueueEmptyException.class, () -> e.poll(Duration.ofMillis(20)));
            assertTrue(empty.getMessage().contains("PT0.02S"), empty.getMessage());
            e.publish(TOPIC, "x");
            e.publish(TOPIC, "y");
            MessagePayload first = e.tryPoll();
            MessagePayload second = e.poll(LONG, 0);
            assertEquals(
                    List.of("x", "y"),
                    List.of(first.args().get(0), second.args().get(0)));
            assertEquals(List.of(0L, 1L), List.of(first.seqId(), second.seqId()));
        }

        @Test
        void takingWhileTheDispatcherRunsIsAnErrorThatSaysWhatToDo() {
            EventEngine e = engine(false);
            e.start();
            IllegalStateException err = assertThrows(IllegalStateException.class, e::tryPoll);
            assertTrue(err.getMessage().contains("stop() it first"), err.getMessage());
        }
    }

    @Nested
    class Subscribing {
        @Test
        void aPatternHandlerSeesExactTopicsAndItsRegistrationUnregisters() throws Exception {
            EventEngine e = engine(false);
            List<String> seen = new CopyOnWriteArrayList<>();
            Registration reg =
                    e.register("Market.Data.{symbol}", m -> seen.add(m.topic().toString()));
            assertEquals(Topic.of("Market.Data.{symbol}"), reg.topic());
            e.publish("Market.Data.AAPL", 1);
            e.stop(true, EventEngine.FOREVER);
            reg.close();
            e.publish("Market.Data.MSFT", 2);
            e.stop(true, EventEngine.FOREVER);
            assertEquals(List.of("Market.Data.AAPL"), seen);
            assertEquals(List.of(), e.hooksFor(Topic.of("Market.Data.MSFT")));
        }
    }

    record Quote(String symbol, double price) {}

    record Trade(String symbol, long size) {}

    @Nested
    class TypedMessages {
        @Test
        void aTypedHandlerGetsItsTypeAndSkipsEverythingElse() {
            EventEngine e = EventEngine.builder().capacity(64).build();
            engines.add(e);
            List<Quote> quotes = new CopyOnWriteArrayList<>();
            List<Trade> trades = new CopyOnWriteArrayList<>();
            e.register("Market.**", Quote.class, quotes::add);
            e.register("Market.**", Trade.class, trades::add);
            e.publish("Market.Quote", new Quote("AAPL", 189.5));
            e.publish("Market.Trade", new Trade("AAPL", 100));
            e.publish("Market.Quote", new Quote("MSFT", 1), new Quote("IBM", 2)); // two arguments: not a typed message
            e.publish("Market.Quote", "a string");
            e.publish("Market.Quote");
            e.stop(true, EventEngine.FOREVER);
            assertEquals(List.of(new Quote("AAPL", 189.5)), quotes);
            assertEquals(List.of(new Trade("AAPL", 100)), trades);
            assertEquals(5, e.stats().dispatched());
            assertEquals(0, e.stats().handlerFailures(), "skipped, not failed");
        }

        @Test
        void valueAsReturnsTheOnlyArgumentOfThatType() {
            Quote q = new Quote("AAPL", 1);
            assertSame(q, MessagePayload.of(TOPIC, q).valueAs(Quote.class));
            assertSame(q, MessagePayload.of(TOPIC, q).valueAs(Record.class));
            assertNull(MessagePayload.of(TOPIC, q).valueAs(Trade.class));
            assertNull(MessagePayload.of(TOPIC, q, q).valueAs(Quote.class));
            assertNull(MessagePayload.of(TOPIC, (Object) null).valueAs(Quote.class));
        }
    }

    @Nested
    class SlowSubscriber {
        @Test
        void theOneOverflowErrorNamesPatternBufferAndPolicy() {
            SubscriberOverflowException err = new SubscriberOverflowException(
                    Topic.of("Market.{s}"), 256, Overflow.FAIL, "was full when a message arrived");
            assertEquals(Topic.of("Market.{s}"), err.pattern());
            assertEquals(256, err.bufferSize());
            assertEquals(Overflow.FAIL, err.overflow());
            assertTrue(err.getMessage().contains("'Market.{s}'"), err.getMessage());
            assertTrue(err.getMessage().contains("256"), err.getMessage());
            assertTrue(err.getMessage().contains("FAIL"), err.getMessage());
            assertTrue(err instanceof IllegalStateException);
        }

        @Test
        void adaptersRecordDropsWhereUsersLook() {
            EventEngine e = engine(false);
            EngineSupport support = EngineSupport.of(e);
            support.recordSubscriberDrops(3);
            assertEquals(3, e.stats().subscriberDrops());
            assertThrows(IllegalArgumentException.class, () -> support.recordSubscriberDrops(-1));
        }
    }

    @Nested
    class EngineCloses {
        @Test
        void handlersGetWhatCloseDeliveredAndLaterCallsFail() {
            EventEngine e = EventEngine.builder().capacity(64).build();
            List<Object> seen = new CopyOnWriteArrayList<>();
            e.register(TOPIC, m -> seen.add(m.args().get(0)));
            e.start();
            for (int i = 0; i < 20; i++) {
                e.publish(TOPIC, i);
            }
            e.close();
            assertEquals(20, seen.size());
            assertEquals(0, e.stats().abandoned());
            assertThrows(IllegalStateException.class, () -> e.publish(TOPIC, 1));
            assertThrows(IllegalStateException.class, () -> e.tryPublish(TOPIC, 1));
            assertThrows(IllegalStateException.class, () -> e.register(TOPIC, m -> {}));
            assertThrows(IllegalStateException.class, e::take);
        }

        @Test
        void aPublishWaitingForRoomFailsAtOnceWhenTheEngineCloses() throws Exception {
            EventEngine e = EventEngine.builder()
                    .capacity(2)
                    .closeTimeout(Duration.ZERO)
                    .build();
            e.publish(TOPIC, 1);
            e.publish(TOPIC, 2);
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> e.publish(TOPIC, 3));
            Thread.sleep(50);
            assertFalse(waiting.isDone());
            e.close();
            ExecutionException failed =
                    assertThrows(ExecutionException.class, () -> waiting.get(LONG.toMillis(), TimeUnit.MILLISECONDS));
            assertTrue(
                    failed.getCause() instanceof IllegalStateException,
                    failed.getCause().toString());
            assertTrue(
                    failed.getCause().getMessage().contains("closed"),
                    failed.getCause().getMessage());
            assertEquals(2, e.stats().abandoned(), "closeTimeout ZERO: what was queued is abandoned, and counted");
        }

        @Test
        void closeCallbacksRunAfterTheLastDelivery() throws Exception {
            EventEngine e = engine(false);
            List<String> order = new CopyOnWriteArrayList<>();
            e.register(TOPIC, m -> order.add("message"));
            EngineSupport.of(e).whenClosed(() -> order.add("closed"));
            e.publish(TOPIC, 1);
            e.close();
            assertEquals(List.of("message", "closed"), order);
            List<String> late = new ArrayList<>();
            EngineSupport.of(e).whenClosed(() -> late.add("at once"));
            assertEquals(List.of("at once"), late);
        }
    }

    @Nested
    class ExactRoutingByLiteral {
        @Test
        void aJoinedTopicAndTheParsedLiteralReachTheSameExactHooks() {
            Topic joined = Topic.join("a", "600010.SH");
            Topic parsed = Topic.of("a.600010.SH");
            assertEquals(parsed, joined);
            assertEquals(parsed.hashCode(), joined.hashCode());
            assertEquals(2, joined.parts().size());
            assertEquals(3, parsed.parts().size());

            EventEngine e = EventEngine.builder().capacity(64).build();
            engines.add(e);
            List<String> exact = new CopyOnWriteArrayList<>();
            List<String> pattern = new CopyOnWriteArrayList<>();
            e.register(joined, m -> exact.add("exact"));
            e.register("a.{code}", m -> pattern.add(m.topic().parts().get(1).toString()));
            e.publish(parsed, 1); // three parts: not a.{code}
            e.publish(joined, 2); // two parts: a.{code} matches
            e.stop(true, EventEngine.FOREVER);
            assertEquals(List.of("exact", "exact"), exact);
            assertEquals(1, pattern.size(), "parts matter where patterns match");
        }
    }

    @Nested
    class Errors {
        @Test
        void anInvalidRegexIsATopicSyntaxExceptionNeverRe2s() {
            TopicSyntaxException fromParse =
                    assertThrows(TopicSyntaxException.class, () -> Topic.of("Market./(unclosed/"));
            assertTrue(fromParse.getMessage().contains("invalid regular expression"), fromParse.getMessage());
            assertEquals(8, fromParse.position(), "the first character of the regex");
            assertThrows(TopicSyntaxException.class, () -> new TopicPart.Pattern("(unclosed"));
        }

        @Test
        void publishingOnAPatternNamesIt() throws Exception {
            EventEngine e = engine(false);
            IllegalArgumentException err =
                    within(LONG, () -> assertThrows(IllegalArgumentException.class, () -> e.publish("M.{s}", 1)));
            assertTrue(err.getMessage().contains("'M.{s}'"), err.getMessage());
        }
    }
}
