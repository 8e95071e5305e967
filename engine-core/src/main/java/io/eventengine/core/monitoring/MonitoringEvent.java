package io.eventengine.core.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A kind of event an engine fires for monitoring tools (CPython's {@code sys.monitoring.events}). The built-in kinds
 * cover the engine's life; adapters and bridges add their own with {@link #define(String)}. Each kind is one bit of
 * the engine's activation word, so there are at most 32 kinds in a JVM.
 *
 * <p>Where an event fires, and what the tool's callback may do there, is written on each constant and on the matching
 * {@link MonitoringTool} method. Events about a message have a location (its topic, or for handler events the hook),
 * where {@link MonitorAction#DISABLE} turns the event off for the tool; life-cycle events have none.
 */
public final class MonitoringEvent {
    private static final int MAX_EVENTS = 32;
    private static final List<MonitoringEvent> ALL = new ArrayList<>();

    /** Before a message is queued, on the producer's thread: a tool may capture a context to travel with it. */
    public static final MonitoringEvent CAPTURE = builtIn("CAPTURE");
    /** A message was accepted into the queue, on the producer's thread. */
    public static final MonitoringEvent PUBLISH = builtIn("PUBLISH");
    /** A put found the queue full and gave up (or got in after waiting); on the producer's thread. */
    public static final MonitoringEvent REJECT = builtIn("REJECT");
    /** The dispatcher took a message and is about to run its route. */
    public static final MonitoringEvent DISPATCH = builtIn("DISPATCH");
    /** The route of a message ran to its end, on the dispatcher. */
    public static final MonitoringEvent DISPATCH_RETURN = builtIn("DISPATCH_RETURN");
    /** A handler is about to be called, on the dispatcher. */
    public static final MonitoringEvent HANDLER_START = builtIn("HANDLER_START");
    /** A handler returned, on the dispatcher. */
    public static final MonitoringEvent HANDLER_RETURN = builtIn("HANDLER_RETURN");
    /** A handler threw (instead of returning), on the dispatcher. */
    public static final MonitoringEvent HANDLER_RAISE = builtIn("HANDLER_RAISE");
    /** A handler has held the dispatcher longer than the stall threshold, on the engine's watchdog thread. */
    public static final MonitoringEvent HANDLER_STALL = builtIn("HANDLER_STALL");
    /** A subscriber's overflow policy dropped a message (a Flux or Flow buffer was full), where the drop happened. */
    public static final MonitoringEvent SUBSCRIBER_DROP = builtIn("SUBSCRIBER_DROP");
    /** A timer fired a tick (queued, or dropped because the queue was full), on the timer thread. */
    public static final MonitoringEvent TIMER_TICK = builtIn("TIMER_TICK");
    /** A handler was registered, on the registering thread. */
    public static final MonitoringEvent SUBSCRIBE = builtIn("SUBSCRIBE");
    /** A handler was unregistered, on the unregistering thread. */
    public static final MonitoringEvent UNSUBSCRIBE = builtIn("UNSUBSCRIBE");
    /** The engine started dispatching ({@code start()}), on the starting thread. */
    public static final MonitoringEvent ENGINE_START = builtIn("ENGINE_START");
    /** The engine stopped dispatching ({@code stop(...)}), on the stopping thread. */
    public static final MonitoringEvent ENGINE_STOP = builtIn("ENGINE_STOP");
    /** The engine closed, after close delivered what it could; on the closing thread. */
    public static final MonitoringEvent ENGINE_CLOSE = builtIn("ENGINE_CLOSE");

    private final String name;
    private final int index;
    private final boolean builtIn;

    private MonitoringEvent(String name, int index, boolean builtIn) {
        this.name = name;
        this.index = index;
        this.builtIn = builtIn;
    }

    private static MonitoringEvent builtIn(String name) {
        MonitoringEvent event = new MonitoringEvent(name, ALL.size(), true);
        ALL.add(event);
        return event;
    }

    /**
     * The custom event kind named {@code name}, defined on first use (the same instance after that): for an adapter or
     * a bridge to fire through {@code EngineSupport.fire}, delivered to {@link MonitoringTool#onCustom}.
     *
     * @throws IllegalArgumentException for a blank name, or a built-in kind's name
     * @throws IllegalStateException when the JVM has 32 kinds already
     */
    public static synchronized MonitoringEvent define(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A monitoring event needs a name, e.g. \"nats.export\"");
        }
        for (MonitoringEvent event : ALL) {
            if (event.name.equals(name)) {
                if (event.builtIn) {
                    throw new IllegalArgumentException("'" + name + "' is a built-in monitoring event: use"
                            + " MonitoringEvent." + name + " instead of defining it");
                }
                return event;
            }
        }
        if (ALL.size() == MAX_EVENTS) {
            throw new IllegalStateException("No room for monitoring event '" + name + "': a JVM has at most "
                    + MAX_EVENTS + " kinds (one bit each in the activation word), and these are defined: " + ALL);
        }
        MonitoringEvent event = new MonitoringEvent(name, ALL.size(), false);
        ALL.add(event);
        return event;
    }

    /** Every kind defined so far, built-in ones first, in definition order. */
    public static synchronized List<MonitoringEvent> values() {
        return List.copyOf(ALL);
    }

    /** The kind with bit {@code index}; package use, for decoding event sets. */
    static synchronized MonitoringEvent ofIndex(int index) {
        return ALL.get(index);
    }

    /** The kind's name, e.g. {@code "HANDLER_RETURN"}. */
    public String name() {
        return name;
    }

    /** The kind's bit in the activation word (0 to 31). */
    public int index() {
        return index;
    }

    /** Whether the engine fires it itself (otherwise an adapter defined it). */
    public boolean isBuiltIn() {
        return builtIn;
    }

    /** The kind's bit: {@code 1 << index()}. */
    public int mask() {
        return 1 << index;
    }

    @Override
    public String toString() {
        return name;
    }
}
