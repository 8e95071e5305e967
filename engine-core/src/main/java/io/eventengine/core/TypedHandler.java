package io.eventengine.core;

/**
 * Handles the messages of one type: the object a producer published alone ({@code engine.publish(topic, quote)}).
 * Registered with {@link EventEngine#register(Topic, Class, TypedHandler)}; like an {@link EventHandler}, it may throw
 * anything, and a failure is logged and counted by its hook.
 *
 * @param <T> the type of the published object
 */
@FunctionalInterface
public interface TypedHandler<T> {
    /** Handles {@code value}, the message's one positional argument; called on the dispatching thread. */
    void handle(T value) throws Exception;
}
