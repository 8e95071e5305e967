package io.eventengine.eventlog;

/** A handler of events published on an {@link EventBus}; Kotlin and Java lambdas convert to it. */
@FunctionalInterface
public interface EventSubscriber {
    /**
     * Handles one event. Whatever it throws is logged and counted by the bus, and the other subscribers still run.
     *
     * @throws Exception anything; it does not stop the dispatch
     */
    void handle(Event event) throws Exception;
}
