package io.eventengine.reactor;

import static io.eventengine.reactor.TestEngines.WAIT;
import static io.eventengine.reactor.TestEngines.awaitDispatched;
import static io.eventengine.reactor.TestEngines.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import io.eventengine.test.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Interval fluxes in virtual time, two ways: the engine's {@link ManualClock} ({@code advance}, {@code awaitSleeper}),
 * and a {@link VirtualTimeScheduler} as the engine's clock, driven by {@code StepVerifier.withVirtualTime}.
 */
class IntervalTest {
    private static final Instant START = Instant.parse("2026-01-05T09:30:00Z");
    private static final Topic SECOND = Topic.of("EventEngine.Internal.Timer.Second");
    private static final Topic MINUTE = Topic.of("EventEngine.Internal.Timer.Minute");

    private final ManualClock clock = new ManualClock(START);
    private EventEngine engine = EventEngine.builder().clock(clock).build();
    private final ReactorEngine rx = ReactorEngine.of(engine);

    @AfterEach
    void close() {
        engine.close();
    }

    /** Moves the clock by {@code d} once the timer thread sleeps on it, i.e. has done what is due. */
    private void advance(Duration d) {
        try {
            assertTrue(clock.awaitSleeper(WAIT), "the timer thread never went to sleep");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        clock.advance(d);
    }

    private static void assertTick(MessagePayload m, Topic topic, Duration interval, String key, Instant when) {
        assertEquals(topic, m.topic());
        assertEquals(interval, m.get("interval"));
        assertEquals(when, m.get(key));
    }

    @Test
    void secondTicksAreAlignedToWallClockSeconds() {
        engine.start();
        Duration second = Duration.ofSeconds(1);
        StepVerifier.create(rx.interval(second).take(3))
                .then(() -> advance(second))
                .assertNext(m -> assertTick(m, SECOND, second, "timestamp", START))
                .then(() -> advance(second))
                .assertNext(m -> assertTick(m, SECOND, second, "timestamp", START.plusSeconds(1)))
                .then(() -> advance(second))
                .assertNext(m -> assertTick(m, SECOND, second, "timestamp", START.plusSeconds(2)))
                .expectComplete()
                .verify(WAIT);
        awaitDispatched(engine);
        assertEquals(0, engine.size(), "take(3) cancelled: the subscriber unregistered");
    }

    @Test
    void minuteTicksAreAlignedToWallClockMinutes() {
        engine.start();
        Duration minute = Duration.ofMinutes(1);
        StepVerifier.create(rx.interval(minute).take(2))
                .then(() -> advance(minute))
                .assertNext(m -> assertTick(m, MINUTE, minute, "timestamp", START))
                .then(() -> advance(minute))
                .assertNext(m -> assertTick(m, MINUTE, minute, "timestamp", START.plusSeconds(60)))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void aNewTimersFirstTickComesAtOnceAndReachesTheSubscriberThatCreatedIt() {
        engine.start();
        Duration period = Duration.ofMillis(250);
        StepVerifier.create(rx.interval(period).take(2))
                .assertNext(
                        m -> assertTick(m, Topic.of("EventEngine.Internal.Timer.250ms"), period, "trigger_time", START))
                .then(() -> advance(period))
                .assertNext(m -> assertTick(
                        m, Topic.of("EventEngine.Internal.Timer.250ms"), period, "trigger_time", START.plusMillis(250)))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void ticksWithoutDemandAreSkippedKeepingTheLatest() {
        engine.start();
        Duration second = Duration.ofSeconds(1);
        AtomicInteger ticks = new AtomicInteger();
        engine.register(SECOND, m -> ticks.incrementAndGet()); // to advance only after each tick was dispatched
        StepVerifier.create(rx.interval(second), 0)
                .expectSubscription()
                .then(() -> {
                    for (int i = 1; i <= 3; i++) {
                        advance(second);
                        int expected = i;
                        awaitTrue("tick " + i + " was dispatched", () -> ticks.get() == expected);
                    }
                })
                .thenRequest(1)
                .assertNext(m -> assertTick(m, SECOND, second, "timestamp", START.plusSeconds(2)))
                .thenCancel()
                .verify(WAIT);
        assertEquals(2, engine.stats().subscriberDrops());
    }

    @Test
    void anInvalidPeriodIsRejectedAtAssembly() {
        assertThrows(IllegalArgumentException.class, () -> rx.interval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> rx.interval(Duration.ofNanos(1500)));
    }

    @Test
    void aVirtualTimeSchedulerAsTheEngineClockDrivesTimersFromStepVerifier() {
        engine.close();
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        engine = EventEngine.builder().clock(ReactorEngine.schedulerClock(vts)).build();
        engine.start();
        ReactorEngine virtual = ReactorEngine.of(engine);
        Duration second = Duration.ofSeconds(1);
        StepVerifier.withVirtualTime(() -> virtual.interval(second).take(3), () -> vts, Long.MAX_VALUE)
                .expectSubscription()
                .thenAwait(second)
                .assertNext(m -> assertTick(m, SECOND, second, "timestamp", Instant.EPOCH))
                .thenAwait(second)
                .assertNext(m -> assertTick(m, SECOND, second, "timestamp", Instant.EPOCH.plusSeconds(1)))
                .thenAwait(second)
                .assertNext(m -> assertTick(m, SECOND, second, "timestamp", Instant.EPOCH.plusSeconds(2)))
                .expectComplete()
                .verify(WAIT);
    }
}
