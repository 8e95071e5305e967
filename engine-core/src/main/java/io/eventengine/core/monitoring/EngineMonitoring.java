package io.eventengine.core.monitoring;

import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import org.jspecify.annotations.Nullable;

/**
 * An engine's monitoring state, after CPython's {@code sys.monitoring}: tools take an id, register their callbacks
 * and choose the events they want, for the whole engine ({@link #setEvents}) or for the messages of one topic pattern
 * ({@link #setLocalEvents}); a callback may answer {@link MonitorAction#DISABLE} to stop an event where it fired; the
 * {@link #version()} moves on every change. Obtained with {@code engine.monitoring()}; safe to use from any thread.
 *
 * <p>Free when off: every monitored site reads one activation word (the union of what the tools want) and does
 * nothing more when its bit is clear; the dispatcher reads the word once per batch, so a change reaches dispatch events
 * from the next batch on, and producers' events from their next put. A put's own events share the word the put reads
 * anyway to learn whether the engine is closing, so with no tool a put does no extra work at all.
 *
 * <p>Tool ids are 0 to {@value #TOOL_IDS} - 1. The constants below name the ones this library's tools use; ids 6 and
 * 7 are free for anything else.
 */
public interface EngineMonitoring {
    /** How many tool ids there are. */
    int TOOL_IDS = 8;

    /** A debugger's id (CPython's {@code DEBUGGER_ID}). */
    int DEBUGGER_ID = 0;

    /** A coverage tool's id (CPython's {@code COVERAGE_ID}). */
    int COVERAGE_ID = 1;

    /** A profiler's id (CPython's {@code PROFILER_ID}). */
    int PROFILER_ID = 2;

    /** The id of a metrics tool: engine-micrometer's {@code EngineMetrics}. */
    int METRICS_ID = 3;

    /** The id of a tracing tool: engine-micrometer's {@code EngineObservations}. */
    int TRACING_ID = 4;

    /**
     * The id of the built-in JFR tool, taken when the engine is built: it wants events only while a flight recording
     * runs that enables the engine's JFR events ({@code io.eventengine.*}).
     */
    int JFR_ID = 5;

    /**
     * Takes tool id {@code id} for a tool called {@code name} ({@code sys.monitoring.use_tool_id}).
     *
     * @throws IllegalArgumentException for an id outside 0 to 7 or a blank name
     * @throws IllegalStateException when the id is in use: the message names its tool and the free ids
     */
    void useToolId(int id, String name);

    /**
     * Frees tool id {@code id}: its events, local events, callbacks and disabled locations are dropped ({@code
     * sys.monitoring.free_tool_id}). Nothing happens for a free id.
     */
    void freeToolId(int id);

    /** The name of the tool holding {@code id}, or null when it is free ({@code sys.monitoring.get_tool}). */
    @Nullable
    String getTool(int id);

    /**
     * Registers {@code tool}'s callbacks for id {@code id}, replacing (and returning) any earlier ones; null removes
     * them ({@code sys.monitoring.register_callback}, one object for every event kind).
     *
     * @throws IllegalStateException when the id is not in use
     */
    @Nullable
    MonitoringTool registerCallbacks(int id, @Nullable MonitoringTool tool);

    /**
     * Sets the events tool {@code id} receives from everywhere in the engine ({@code sys.monitoring.set_events}).
     *
     * @throws IllegalStateException when the id is not in use
     */
    void setEvents(int id, EventSet events);

    /** The events tool {@code id} receives from everywhere ({@code sys.monitoring.get_events}). */
    EventSet getEvents(int id);

    /**
     * Sets the events tool {@code id} receives about the messages whose topic {@code pattern} matches (handler and
     * dispatch events of those messages, their publishes, rejections and drops; for subscribe events, the
     * subscription's topic; for ticks, the timer's), on top of its global events ({@code
     * sys.monitoring.set_local_events}, with a topic pattern as the code location). An empty set removes the pattern.
     *
     * @throws IllegalStateException when the id is not in use
     */
    void setLocalEvents(int id, Topic pattern, EventSet events);

    /** {@link #setLocalEvents(int, Topic, EventSet)} with a pattern string. */
    void setLocalEvents(int id, String pattern, EventSet events);

    /** The local events of tool {@code id} for {@code pattern} ({@code sys.monitoring.get_local_events}). */
    EventSet getLocalEvents(int id, Topic pattern);

    /** Turns on again every event a callback disabled with {@link MonitorAction#DISABLE} ({@code restart_events}). */
    void restartEvents();

    /**
     * A number that changes whenever the monitoring state does (tools, events, local events, callbacks, disabled
     * locations, restarts): a site that cached what it fires may skip re-checking while the version stays the same (the
     * {@code version} of CPython's {@code PyMonitoringState}).
     */
    long version();

    /** The events some tool wants now, anywhere: the activation word's value. */
    EventSet activeEvents();

    /** How many callbacks have thrown so far (each is contained and logged). */
    long callbackFailures();

    /**
     * What tool {@code id}'s {@link MonitoringTool#onCapture} returned for {@code message} when it was published on this
     * engine, or null.
     */
    @Nullable
    Object captured(MessagePayload message, int id);
}
