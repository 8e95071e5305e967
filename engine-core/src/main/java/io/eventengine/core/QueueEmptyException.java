package io.eventengine.core;

/** A {@code get} found no message: it was non-blocking, or its timeout ran out, or it was interrupted. */
public final class QueueEmptyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was asked and why nothing came */
    public QueueEmptyException(String message) {
        super(message);
    }
}
