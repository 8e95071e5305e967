package io.eventengine.reactor;

import static io.eventengine.reactor.TestEngines.WAIT;
import static io.eventengine.reactor.TestEngines.assertContains;
import static io.eventengine.reactor.TestEngines.awaitDispatched;
import static io.eventengine.reactor.TestEngines.putAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingMethod;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * With BlockHound installed (its own surefire execution and JVM: see the pom), nothing the adapter runs on Reactor's
 * non-blocking threads blocks: publishing, and subscribing, requesting, draining, cancelling and overflowing with the
 * non-BLOCK policies. BLOCK's handler, if it ever runs on such a thread, fails the subscriber instead of waiting.
 *
 * <p>Every blocking call BlockHound sees is recorded (an engine hook would swallow the error it throws inside a
 * handler) and each test asserts there was none.
 */
class NonBlockingBlockHoundTest {
    private static final List<BlockingMethod> VIOLATIONS = new CopyOnWriteArrayList<>();

    static {
        BlockHound.install(builder -> builder.blockingMethodCallback(method -> {
            VIOLATIONS.add(method);
            throw new BlockingOperationError(method);
        }));
    }

    private static final String PATTERN = "Quotes.{symbol}";
    private static final Topic IBM = Topic.of("Quotes.IBM");

    private final EventEngine engine = TestEngines.started(16);
    private final ReactorEngine rx = ReactorEngine.of(engine);

    @BeforeEach
    void clearViolations() {
        VIOLATIONS.clear();
    }

    @AfterEach
    void noBlockingCall() {
        engine.close();
        assertEquals(List.of(), VIOLATIONS, "blocking calls on non-blocking threads");
    }

    @Test
    void blockHoundIsActive() {
        StepVerifier.create(Mono.fromCallable(() -> {
                            Thread.sleep(1);
                            return 1;
                        })
                        .subscribeOn(Schedulers.parallel()))
                .expectError(BlockingOperationError.class)
                .verify(WAIT);
        assertEquals(1, VIOLATIONS.size());
        VIOLATIONS.clear();
    }

    /** publish waits by default now: its fail-fast case is NON_BLOCKING, its waiting case (was publishWhenRoom) the default. */
    @Test
    void publishNeverBlocksEvenOnAFullQueueWhetherItFailsFastWithNonBlockingOrWaitsByDefault() {
        EventEngine stopped = EventEngine.builder().capacity(2).build();
        try {
            ReactorEngine full = ReactorEngine.of(stopped);
            Mono<Void> publish = full.publish(IBM, List.of(1), Map.of(), PublishOptions.NON_BLOCKING)
                    .subscribeOn(Schedulers.parallel());
            StepVerifier.create(publish.then(publish)).expectComplete().verify(WAIT);
            StepVerifier.create(publish).expectError(QueueFullException.class).verify(WAIT);
            StepVerifier.create(full.tryPublish(IBM, 1).subscribeOn(Schedulers.parallel()))
                    .expectNext(false)
                    .expectComplete()
                    .verify(WAIT);

            Mono<Void> timed = full.publish(IBM, PublishOptions.waitAtMost(Duration.ofMillis(50)), 2)
                    .subscribeOn(Schedulers.parallel());
            StepVerifier.create(timed).expectError(QueueFullException.class).verify(WAIT);

            Mono<Void> waiting = full.publish(IBM, List.of(2), Map.of()).subscribeOn(Schedulers.parallel());
            StepVerifier.create(waiting)
                    .expectSubscription()
                    .then(stopped::start)
                    .expectComplete()
                    .verify(WAIT);
        } finally {
            stopped.close();
        }
    }

    @Test
    void publishAllFromAParallelSourceNeverBlocks() {
        List<Integer> received = new CopyOnWriteArrayList<>();
        engine.register(IBM, m -> received.add(TestEngines.value(m)));
        Flux<Integer> source = Flux.range(0, 500).publishOn(Schedulers.parallel(), 8);
        StepVerifier.create(
                        rx.publishAll(source, i -> MessagePayload.of(IBM, i)).subscribeOn(Schedulers.parallel()))
                .expectComplete()
                .verify(WAIT);
        awaitDispatched(engine);
        assertEquals(IntStream.range(0, 500).boxed().toList(), received);
    }

    @ParameterizedTest
    @EnumSource(value = Overflow.class, names = "BLOCK", mode = EnumSource.Mode.EXCLUDE)
    void subscribingRequestingDrainingAndCancellingOnParallelThreadsNeverBlocks(Overflow overflow) {
        Flux<Integer> flux = rx.flux(PATTERN, FluxOptions.of(overflow, 128)) // room for all 100: no overflow here
                .subscribeOn(Schedulers.parallel()) // subscribe (registers) on a non-blocking thread
                .publishOn(Schedulers.parallel(), 4) // requests and drains from non-blocking threads
                .map(TestEngines::value)
                .take(100); // cancels from a non-blocking thread
        StepVerifier.create(flux)
                .expectSubscription()
                .then(() -> {
                    awaitRegistered();
                    putAll(engine, IBM.value(), 0, 100);
                })
                .expectNextCount(100)
                .expectComplete()
                .verify(WAIT);
        awaitDispatched(engine);
        assertEquals(0, engine.size());
    }

    @ParameterizedTest
    @EnumSource(value = Overflow.class, names = "BLOCK", mode = EnumSource.Mode.EXCLUDE)
    void overflowingOnANonBlockingThreadNeverBlocks(Overflow overflow) {
        EventEngine stopped = EventEngine.builder().build(); // handlers triggered by hand, on a parallel thread
        try {
            FluxOverflowTest.NoDemand subscriber = new FluxOverflowTest.NoDemand();
            List<Throwable> errors = subscriber.errors;
            ReactorEngine.of(stopped).flux(PATTERN, FluxOptions.of(overflow, 2)).subscribe(subscriber);
            triggerOnParallel(stopped, 5);
            if (overflow == Overflow.FAIL) {
                assertInstanceOf(SubscriberOverflowException.class, errors.get(0));
            } else {
                assertEquals(3, stopped.stats().subscriberDrops());
            }
        } finally {
            stopped.close();
        }
    }

    @Test
    void blockNeverWaitsOnANonBlockingThreadButFailsTheSubscriberAtOnce() {
        EventEngine stopped = EventEngine.builder().build();
        try {
            FluxOverflowTest.NoDemand subscriber = new FluxOverflowTest.NoDemand();
            List<Throwable> errors = subscriber.errors;
            FluxOptions options = FluxOptions.of(Overflow.BLOCK, 2).withBlockTimeout(Duration.ofHours(1));
            ReactorEngine.of(stopped).flux(PATTERN, options).subscribe(subscriber);
            triggerOnParallel(stopped, 3);
            SubscriberOverflowException e = assertInstanceOf(SubscriberOverflowException.class, errors.get(0));
            assertContains(e.getMessage(), "non-blocking", "BLOCK never waits there");
            assertEquals(0, stopped.size(), "unregistered");
        } finally {
            stopped.close();
        }
    }

    @Test
    void blockSubscribersRequestAndCancelFromNonBlockingThreadsWithoutBlocking() {
        StepVerifier.create(rx.flux(PATTERN, FluxOptions.of(Overflow.BLOCK, 4))
                        .subscribeOn(Schedulers.parallel())
                        .publishOn(Schedulers.parallel(), 2)
                        .take(50))
                .expectSubscription()
                .then(() -> {
                    awaitRegistered();
                    putAll(engine, IBM.value(), 0, 50);
                })
                .expectNextCount(50)
                .expectComplete()
                .verify(WAIT);
    }

    private void awaitRegistered() {
        TestEngines.awaitTrue("the subscriber registered", () -> engine.size() == 1);
    }

    private static void triggerOnParallel(EventEngine stopped, int messages) {
        EventHook hook = stopped.hook(Topic.of(PATTERN));
        Mono.fromRunnable(() -> {
                    for (int i = 0; i < messages; i++) {
                        hook.trigger(MessagePayload.of(IBM, i));
                    }
                })
                .subscribeOn(Schedulers.parallel())
                .block(WAIT);
        assertTrue(hook.failures() == 0, "the adapter's handler never throws at the engine");
    }
}
