package io.eventengine.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The completion protocol shared by every hand-off benchmark, engine and peers alike: the consumer thread counts what
 * it handled, and a producer, after putting a batch, waits until the count reaches what it sent. A benchmark op is then
 * one message put <em>and</em> handled, not just enqueued.
 *
 * <p>The count must not become a hot spot of its own: were the consumer to publish it on every event while the
 * producer polls it, that one cache line would bounce between the cores once per event and the harness would measure
 * itself (it did: over a third of the dispatcher's samples in a fan-out profile). So the consumer counts in a padded plain
 * slot and publishes the count (a release store, single writer) only when it reaches the highest {@code target} a
 * producer waits for, or every {@link #PUBLISH_EVERY} events. A producer raises the target before it waits, so the event
 * that completes its batch is always published: it either sees the new target or an older, lower one.
 *
 * <p>The producer spins briefly, then yields: on a 2-core machine a pure spin would steal the core the consumer needs.
 * It gives up after {@link #STALL_NANOS} without progress, so a lost message fails the run instead of hanging it.
 */
public final class HandledCounter {
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int SPINS = 256;
    private static final long PUBLISH_EVERY = 256;

    /** Consumer-only state in the middle of an array: 96 bytes or more from anything else on the heap. */
    private static final int COUNT = 14;

    private static final int SINK = 15;

    private final long[] consumerSide = new long[32];
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong target = new AtomicLong();
    private @Nullable Thread consumer; // written once by the consumer, published by the release store of the count

    /** Called by the consumer for each event, with a value read from the event (kept alive in a sink). */
    public void onEvent(long value) {
        long[] side = consumerSide;
        if (consumer == null) {
            consumer = Thread.currentThread();
        }
        side[SINK] += value;
        long count = ++side[COUNT];
        if (count >= target.get() || count % PUBLISH_EVERY == 0) {
            handled.lazySet(count);
        }
    }

    /** The published count; exact once the producers' last wait has returned. */
    long handled() {
        return handled.get();
    }

    long sink() {
        return consumerSide[SINK];
    }

    /** The thread that handled the first event; read after {@link #awaitAtLeast} saw it counted. */
    @Nullable
    Thread consumerThread() {
        return consumer;
    }

    /** Fails when the count is not exactly {@code sent}: an event was lost or handled twice. */
    static void check(HandledCounter handled, long sent) {
        if (handled.handled() != sent) {
            throw new IllegalStateException("Handled " + handled.handled() + " events, sent " + sent);
        }
    }

    /** Waits until {@code target} events have been handled. */
    void awaitAtLeast(long target) {
        this.target.accumulateAndGet(target, Math::max);
        long seen = handled.get();
        if (seen >= target) {
            return;
        }
        int idle = 0;
        long stalledSince = 0;
        while (true) {
            long now = handled.get();
            if (now >= target) {
                return;
            }
            if (now != seen) {
                seen = now;
                idle = 0;
                stalledSince = 0;
            }
            if (++idle < SPINS) {
                Thread.onSpinWait();
                continue;
            }
            Thread.yield();
            if ((idle & 1023) == 0) {
                long t = System.nanoTime();
                if (stalledSince == 0) {
                    stalledSince = t;
                } else if (t - stalledSince > STALL_NANOS) {
                    throw new IllegalStateException("Consumer stalled: handled " + now + " of " + target
                            + " events and no progress for " + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s");
                }
            }
        }
    }
}
