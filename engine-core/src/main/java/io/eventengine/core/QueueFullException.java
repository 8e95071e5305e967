package io.eventengine.core;

/**
 * A put found the engine's queue full and could not wait for room: it was non-blocking, its timeout ran out, it was
 * interrupted, or it came from the dispatcher thread (which must never wait for itself). Nothing was queued.
 */
public final class QueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was refused and what to do */
    public QueueFullException(String message) {
        super(message);
    }
}
