package io.eventengine.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One way to hand an event from producer threads to handlers on one consumer thread: the engine, one of its adapters,
 * or a peer. Every scenario drives every contender through {@link #sendAndAwait}, so they all get the same events,
 * the same handler work ({@link HandledCounter#onEvent}) and the same completion protocol, and their scores can be
 * quoted as ratios.
 *
 * <p>Each contender is built for a number of producer threads (the Disruptor picks its sequencer by it) and a number
 * of handlers that each receive every event (fan-out). All its handlers run on a single consumer thread, so the
 * counter keeps one writer.
 */
public abstract class Contender implements AutoCloseable {
    /** Queue / ring / buffer capacity of every contender (the engine's default, a power of two). */
    public static final int CAPACITY = 4096;

    /** The event: a small immutable object created once, so no contender pays for building it. */
    public static final Long EVENT = 42L;

    protected final HandledCounter handled = new HandledCounter();
    final int handlers;
    private final AtomicLong published = new AtomicLong();

    protected Contender(int handlers) {
        this.handlers = handlers;
    }

    /** Hands one event over, waiting for room if the contender is full. Thread-safe when built for producers > 1. */
    public abstract void publish(Object event);

    /**
     * Publishes {@code n} events and returns once every handler has handled at least as many events as all producers
     * together had published when this call finished publishing: one op is one event put <em>and</em> handled.
     */
    final void sendAndAwait(int n) {
        for (int i = 0; i < n; i++) {
            publish(EVENT);
        }
        handled.awaitAtLeast(published.addAndGet(n) * handlers);
    }

    /** As {@link #sendAndAwait(int)}, each event published by {@code publishOne} (another entry point, same events). */
    final void sendAndAwait(int n, Runnable publishOne) {
        for (int i = 0; i < n; i++) {
            publishOne.run();
        }
        handled.awaitAtLeast(published.addAndGet(n) * handlers);
    }

    /**
     * Checks that the consumer is not the producer's thread (a bus that ran handlers inline would measure nothing) by
     * one event handed over and awaited. Called once after construction.
     */
    final Contender verified() {
        sendAndAwait(1);
        Thread consumer = handled.consumerThread();
        if (consumer == null || consumer == Thread.currentThread()) {
            throw new IllegalStateException(getClass().getSimpleName() + " ran its handler on the producer thread ("
                    + consumer + "): fix its threading set-up, the scenario needs a hand-off");
        }
        return this;
    }

    /** Deliveries counted so far (events x handlers). */
    final long handledCount() {
        return handled.handled();
    }

    /** After the last op: every published event was handled by every handler, no more, no less. */
    final void checkAccounting() {
        long expected = published.get() * handlers;
        if (handled.handled() != expected) {
            throw new IllegalStateException(getClass().getSimpleName() + " handled " + handled.handled()
                    + " deliveries, expected " + expected + " (" + published.get() + " events x " + handlers
                    + " handlers)");
        }
    }

    /**
     * The pause between retries of a contender whose hand-off failed for want of room: spin briefly, then yield (on 2
     * cores a pure spin would take the core the consumer needs to make room).
     */
    public static void backOff(int attempt) {
        if (attempt < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /** Stops the consumer thread(s); events still queued may be dropped. */
    @Override
    public abstract void close();
}
