package io.eventengine.reactor;

import io.eventengine.core.EngineClock;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * An {@link EngineClock} that reads and sleeps on a Reactor {@link Scheduler}'s clock, so a {@code
 * VirtualTimeScheduler} drives the engine's timers. Made by {@link ReactorEngine#schedulerClock}.
 */
final class SchedulerClock implements EngineClock {
    private final Scheduler scheduler;

    SchedulerClock(Scheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public long millis() {
        return scheduler.now(TimeUnit.MILLISECONDS);
    }

    @Override
    public void sleepUntil(long epochMillis) throws InterruptedException {
        for (long left; (left = epochMillis - millis()) > 0; ) {
            CountDownLatch wake = new CountDownLatch(1);
            Disposable task;
            try {
                task = scheduler.schedule(wake::countDown, left, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException disposed) {
                // The scheduler is gone and its time no longer moves: sleep until the engine interrupts us.
                new CountDownLatch(1).await();
                return;
            }
            try {
                wake.await();
            } finally {
                task.dispose();
            }
        }
    }

    @Override
    public String toString() {
        return "SchedulerClock[" + scheduler + "]";
    }
}
