package io.eventengine.eventlog;

import io.eventengine.core.EventEngine;
import io.eventengine.core.Registration;
import io.eventengine.core.Topic;
import java.time.Duration;
import java.util.Objects;

/**
 * What moves an {@link EventRecorder}'s log to the next tick. Pluggable: implement {@link #attach} to advance on
 * anything; the built-in sources advance by hand, on an engine timer, or on messages of a topic.
 */
@FunctionalInterface
public interface TickSource {
    /**
     * Starts calling {@code advance} whenever a tick passes.
     *
     * @return what stops it (called once, when the recorder closes)
     */
    Runnable attach(EventEngine engine, Runnable advance);

    /** Ticks move only when you call {@link EventLog#advanceTick()} (or {@link EventRecorder#advanceTick()}). */
    static TickSource manual() {
        return (engine, advance) -> () -> {};
    }

    /**
     * A tick per firing of the engine's shared timer of {@code interval} ({@link EventEngine#timer(Duration)}): the
     * log advances before any handler sees the timer message, so a recorded timer message opens its tick.
     */
    static TickSource timer(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        return (engine, advance) -> onTopic(engine, engine.timer(interval), advance);
    }

    /** A tick per message on {@code topic} (exact or pattern), such as a game loop's {@code Game.Tick}. */
    static TickSource topic(String topic) {
        Topic parsed = Topic.of(topic);
        return (engine, advance) -> onTopic(engine, parsed, advance);
    }

    private static Runnable onTopic(EventEngine engine, Topic topic, Runnable advance) {
        Registration registration = engine.register(topic, message -> advance.run());
        return registration::close;
    }
}
