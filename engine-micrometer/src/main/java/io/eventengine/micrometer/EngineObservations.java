package io.eventengine.micrometer;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventHandler;
import io.eventengine.core.EventHook;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import io.eventengine.core.monitoring.EngineMonitoring;
import io.eventengine.core.monitoring.EventSet;
import io.eventengine.core.monitoring.MonitorAction;
import io.eventengine.core.monitoring.MonitoringEvent;
import io.eventengine.core.monitoring.MonitoringTool;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Observations across the engine's queue hop, as a tool on its monitoring API (tool id {@link
 * EngineMonitoring#TRACING_ID}): a publish captures the producer's current observation into the message, and every
 * handler call runs inside a child observation ({@value #PROCESS}) of it, in scope on the dispatcher while the handler
 * runs, so a trace goes producer → engine → handler, and a message a handler publishes is a child of that handler's
 * observation (a cascade is one trace).
 *
 * <pre>{@code
 * EngineObservations observations = EngineObservations.install(engine, observationRegistry);
 * }</pre>
 *
 * <p>Key values: low cardinality {@code eventengine.engine} and {@code eventengine.pattern} (the hook's topic); high
 * cardinality {@code eventengine.topic} (the message's) and {@code eventengine.seq}. A Flux or Flow subscriber that
 * processes messages on another thread continues the trace with {@link #parentOf(MessagePayload)} (its handler on the
 * dispatcher is the hand-off into the stream's buffer, which is observed like any handler).
 */
public final class EngineObservations implements AutoCloseable {
    /** The name of a handler call's observation. */
    public static final String PROCESS = "eventengine.process";

    private final EventEngine engine;
    private final ObservationRegistry registry;
    private final int toolId;

    /** The observation of the handler call running on the dispatcher, and its scope; that thread's alone. */
    private @Nullable Observation current;

    private Observation.@Nullable Scope scope;

    private EngineObservations(EventEngine engine, ObservationRegistry registry, int toolId) {
        this.engine = engine;
        this.registry = registry;
        this.toolId = toolId;
    }

    /** Observes {@code engine}'s handler calls in {@code registry}, under tool id {@link EngineMonitoring#TRACING_ID}. */
    public static EngineObservations install(EventEngine engine, ObservationRegistry registry) {
        return install(engine, registry, EngineMonitoring.TRACING_ID);
    }

    /**
     * Observes {@code engine}'s handler calls in {@code registry}, under tool id {@code toolId}.
     *
     * @throws IllegalStateException when the tool id is in use
     */
    public static EngineObservations install(EventEngine engine, ObservationRegistry registry, int toolId) {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(registry, "registry");
        EngineObservations observations = new EngineObservations(engine, registry, toolId);
        EngineMonitoring monitoring = engine.monitoring();
        monitoring.useToolId(toolId, "eventengine-observations");
        monitoring.registerCallbacks(toolId, observations.new Tool());
        monitoring.setEvents(
                toolId,
                EventSet.of(
                        MonitoringEvent.CAPTURE,
                        MonitoringEvent.HANDLER_START,
                        MonitoringEvent.HANDLER_RETURN,
                        MonitoringEvent.HANDLER_RAISE));
        return observations;
    }

    /**
     * The observation that was current on the producer's thread when {@code message} was published (what its handler
     * observations are children of), or null: for a consumer on another thread (a Flux or Flow subscriber) to continue
     * the trace, e.g. as {@code parentObservation}.
     */
    public @Nullable Observation parentOf(MessagePayload message) {
        return engine.monitoring().captured(message, toolId) instanceof Observation parent ? parent : null;
    }

    /** Stops observing: frees the tool id. Idempotent. */
    @Override
    public void close() {
        EngineMonitoring monitoring = engine.monitoring();
        synchronized (this) {
            if ("eventengine-observations".equals(monitoring.getTool(toolId))) {
                monitoring.freeToolId(toolId);
            }
        }
    }

    private void end(@Nullable Throwable failure) {
        Observation observation = current;
        Observation.Scope open = scope;
        current = null;
        scope = null;
        if (open != null) {
            open.close();
        }
        if (observation != null) {
            if (failure != null) {
                observation.error(failure);
            }
            observation.stop();
        }
    }

    @Override
    public String toString() {
        return "EngineObservations[" + engine.name() + ", tool " + toolId + "]";
    }

    private final class Tool implements MonitoringTool {
        @Override
        public @Nullable Object onCapture(Topic topic) {
            return registry.getCurrentObservation();
        }

        @Override
        public MonitorAction onHandlerStart(EventHook hook, EventHandler handler, MessagePayload message) {
            end(null); // a call whose end was missed (a callback failed): never leave a scope open on the dispatcher
            Observation observation = Observation.createNotStarted(PROCESS, registry)
                    .contextualName("process " + hook.topic())
                    .lowCardinalityKeyValue("eventengine.engine", engine.name())
                    .lowCardinalityKeyValue("eventengine.pattern", hook.topic().value())
                    .highCardinalityKeyValue(
                            "eventengine.topic", message.topic().value())
                    .highCardinalityKeyValue("eventengine.seq", Long.toString(message.seqId()));
            Observation parent = parentOf(message);
            if (parent != null) {
                observation.parentObservation(parent);
            }
            observation.start();
            current = observation;
            scope = observation.openScope();
            return MonitorAction.CONTINUE;
        }

        @Override
        public MonitorAction onHandlerReturn(EventHook hook, EventHandler handler, MessagePayload message, long nanos) {
            end(null);
            return MonitorAction.CONTINUE;
        }

        @Override
        public MonitorAction onHandlerRaise(
                EventHook hook, EventHandler handler, MessagePayload message, Throwable failure) {
            end(failure); // a retained replay's failure has no observation open: nothing to end
            return MonitorAction.CONTINUE;
        }
    }
}
