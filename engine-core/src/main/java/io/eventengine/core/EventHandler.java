package io.eventengine.core;

/**
 * Handles one message. One handler type serves every topic kind: the topic travels in {@link
 * MessagePayload#topic()}, so PyEventEngine's with-topic and without-topic calling conventions collapse into this one.
 *
 * <p>A handler may throw anything, checked exceptions and errors included: the {@link EventHook} logs and counts the
 * failure and goes on with the next handler.
 */
@FunctionalInterface
public interface EventHandler {
    /** Handles {@code message}; called on the dispatching thread. */
    void handle(MessagePayload message) throws Exception;
}
