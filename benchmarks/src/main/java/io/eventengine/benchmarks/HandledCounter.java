package io.eventengine.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The completion protocol shared by every throughput benchmark, engine and peers alike: the one consumer thread
 * counts what it handled (a single writer, so a release store is enough), and the producer, after putting a batch,
 * waits until the count reaches what it sent. A benchmark op is then one message put <em>and</em> handled, not just
 * enqueued.
 *
 * <p>The producer spins briefly, then yields: on a 2-core machine a pure spin would steal the core the consumer needs.
 * It gives up after {@link #STALL_NANOS} without progress, so a lost message fails the run instead of hanging it.
 */
public final class HandledCounter {
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int SPINS = 256;

    private final AtomicLong handled = new AtomicLong();
    private long sink; // consumer only: keeps the handler's read of the event alive
    private @Nullable Thread consumer; // consumer only, published by the release store of the count

    /** Called by the consumer for each event, with a value read from the event. */
    public void onEvent(long value) {
        if (consumer == null) {
            consumer = Thread.currentThread();
        }
        sink += value;
        handled.lazySet(handled.get() + 1);
    }

    long handled() {
        return handled.get();
    }

    long sink() {
        return sink;
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
