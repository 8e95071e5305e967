package io.eventengine.test;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventEngineBuilder;
import java.util.Objects;

/**
 * An engine for tests that delivers on the test's own thread: it is never started, so published messages wait in its
 * queue until {@link #deliverAll()}, which runs every handler on the calling thread, in order, and returns when none is
 * left, those its handlers published included. No dispatcher thread, no sleeps, no race between the test's assertions
 * and the deliveries.
 *
 * <pre>{@code
 * try (SynchronousEngine sync = SynchronousEngine.create()) {
 *     MessageRecorder seen = new MessageRecorder();
 *     sync.engine().register("Orders.**", seen);
 *     sync.engine().publish("Orders.A", 1);
 *     sync.deliverAll(); // seen.messages() holds the message now
 * }
 * }</pre>
 */
public final class SynchronousEngine implements AutoCloseable {
    private final EventEngine engine;

    private SynchronousEngine(EventEngine engine) {
        this.engine = engine;
    }

    /** A synchronous engine with the builder's defaults. */
    public static SynchronousEngine create() {
        return of(EventEngine.builder());
    }

    /** A synchronous engine built by {@code builder} (capacity, clock, publish options as the test needs). */
    public static SynchronousEngine of(EventEngineBuilder builder) {
        return new SynchronousEngine(Objects.requireNonNull(builder, "builder").build());
    }

    /** The engine: publish to it and register on it as the code under test does; do not start it. */
    public EventEngine engine() {
        return engine;
    }

    /**
     * Delivers every queued message on the calling thread, and those the handlers publish meanwhile.
     *
     * @return how many messages were delivered
     * @throws IllegalStateException when the engine was started (its dispatcher thread delivers then: stop it, or do not
     *     start it) or is closed
     */
    public long deliverAll() {
        if (engine.isClosed()) {
            throw new IllegalStateException(
                    "deliverAll(): engine '" + engine + "' is closed; nothing more is delivered");
        }
        if (engine.isRunning()) {
            throw new IllegalStateException("deliverAll() delivers on the calling thread, but engine '" + engine
                    + "' was started and its dispatcher thread delivers: stop() it first, or do not start it");
        }
        long before = engine.stats().dispatched();
        engine.stop(true, EventEngine.FOREVER);
        return engine.stats().dispatched() - before;
    }

    /** Closes the engine; what is still queued is delivered on the calling thread first (see {@link EventEngine#close}). */
    @Override
    public void close() {
        engine.close();
    }
}
