package io.eventengine.reactor;

import static io.eventengine.reactor.TestEngines.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Overflow;
import io.eventengine.core.Topic;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * The dispatcher holds a subscription's drain for a whole batch while other threads request and cancel: two producers,
 * subscribers that request from a thread of their own (one at a time, or in chunks), every message of each producer
 * delivered exactly once and in order, none dropped.
 */
class FluxRequestStressTest {
    private static final int PER_PRODUCER = 20_000;
    private static final int PRODUCERS = 2;

    private final EventEngine engine = TestEngines.started(64);
    private final ReactorEngine rx = ReactorEngine.of(engine);
    private final ExecutorService requesters = Executors.newFixedThreadPool(2);

    @AfterEach
    void close() throws InterruptedException {
        engine.close();
        requesters.shutdownNow();
        assertTrue(requesters.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void requestsFromAnotherThreadWhileTheDispatcherHoldsTheBatchLoseAndReorderNothing() throws Exception {
        FluxOptions options = FluxOptions.of(Overflow.BLOCK, 4).withCompleteOn("Stress.End");
        Counting oneAtATime = new Counting(1);
        Counting chunks = new Counting(7);
        rx.flux("Stress.{producer}", options).subscribe(oneAtATime);
        rx.flux("Stress.{producer}", options).subscribe(chunks);

        TestEngines.publishFromProducers(engine, "Stress.", PRODUCERS, PER_PRODUCER);
        engine.publish(Topic.of("Stress.End"), List.of(), Map.of());

        for (Counting subscriber : List.of(oneAtATime, chunks)) {
            assertTrue(subscriber.completed.await(WAIT.toSeconds(), TimeUnit.SECONDS), subscriber + " completed");
            assertNull(subscriber.failure.get(), subscriber + " failed");
            for (int p = 0; p < PRODUCERS; p++) {
                assertEquals(PER_PRODUCER, subscriber.next[p], subscriber + ": every message of producer " + p);
            }
        }
        assertEquals(0, engine.stats().subscriberDrops());
    }

    /**
     * Requests {@code chunk} messages at a time, each request from a requester thread once the previous chunk has all
     * arrived; checks that no message comes beyond the demand and that each producer's arrive in order, and records
     * the first fault.
     */
    private final class Counting extends BaseSubscriber<MessagePayload> {
        final int[] next = new int[PRODUCERS];
        final CountDownLatch completed = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final int chunk;
        private final AtomicLong requested = new AtomicLong();
        private long received;
        private int leftInChunk;

        Counting(int chunk) {
            this.chunk = chunk;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            leftInChunk = chunk;
            requested.addAndGet(chunk);
            subscription.request(chunk);
        }

        @Override
        protected void hookOnNext(MessagePayload message) {
            long demand = requested.get(); // counted before each request(n): never below the real demand
            if (++received > demand) {
                failure.compareAndSet(
                        null,
                        new AssertionError("message " + received + " arrived with " + demand + " requested (§1.1)"));
            }
            int producer = (Integer) message.get(0);
            int n = (Integer) message.get(1);
            if (n != next[producer]) {
                failure.compareAndSet(
                        null,
                        new AssertionError(
                                "producer " + producer + ": got message " + n + ", expected " + next[producer]));
            }
            next[producer] = n + 1;
            if (--leftInChunk == 0) {
                leftInChunk = chunk;
                requesters.execute(() -> {
                    requested.addAndGet(chunk);
                    request(chunk);
                });
            }
        }

        @Override
        protected void hookOnComplete() {
            completed.countDown();
        }

        @Override
        protected void hookOnError(Throwable error) {
            failure.compareAndSet(null, error);
            completed.countDown();
        }

        @Override
        public String toString() {
            return "subscriber requesting " + chunk + " at a time";
        }
    }
}
