package io.eventengine.core;

/**
 * A handler registered on a topic; {@link #close()} unregisters it (once: later calls do nothing). When it was the last
 * handler of its hook, the hook goes too.
 */
public interface Registration extends AutoCloseable {
    /** The topic (exact or pattern) the handler was registered on. */
    Topic topic();

    /** The handler. */
    EventHandler handler();

    /** Unregisters the handler; idempotent. */
    @Override
    void close();
}
