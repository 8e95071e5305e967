package io.eventengine.core;

import io.eventengine.core.monitoring.EngineMonitoring;
import io.eventengine.core.monitoring.EventSet;
import io.eventengine.core.monitoring.MonitorAction;
import io.eventengine.core.monitoring.MonitoringEvent;
import io.eventengine.core.monitoring.MonitoringTool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import org.jspecify.annotations.Nullable;

/**
 * The built-in monitoring tool that writes the engine's JFR events ({@link EngineEvents}), one per engine under {@link
 * EngineMonitoring#JFR_ID}. It wants events only while a flight recording runs that enables the matching JFR event
 * type, so an engine with no recording pays nothing: the tool's event set is recomputed whenever a recording starts or
 * stops (a {@link FlightRecorderListener}); enabling an event type in a recording that is already running takes effect
 * at the next recording state change.
 */
final class JfrTool implements MonitoringTool {
    /** Every live engine's tool; weak, so an engine nobody holds can go. */
    private static final Set<JfrTool> TOOLS =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    static {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recordingStateChanged(Recording recording) {
                List<JfrTool> tools;
                synchronized (TOOLS) {
                    tools = new ArrayList<>(TOOLS);
                }
                tools.forEach(JfrTool::refresh);
            }
        });
    }

    private final Monitor monitor;
    private final MpscMessageQueue queue;
    /** The dispatch being timed; the consuming thread's alone (handed over with the owner, see {@link DispatchLoop}). */
    private EngineEvents.@Nullable Dispatch dispatch;

    private JfrTool(Monitor monitor, MpscMessageQueue queue) {
        this.monitor = monitor;
        this.queue = queue;
    }

    static void install(Monitor monitor, MpscMessageQueue queue) {
        JfrTool tool = new JfrTool(monitor, queue);
        monitor.useToolId(EngineMonitoring.JFR_ID, "jfr");
        monitor.registerCallbacks(EngineMonitoring.JFR_ID, tool);
        TOOLS.add(tool);
        if (FlightRecorder.isInitialized()) {
            tool.refresh();
        }
    }

    /** The events the enabled JFR event types need, when some recording runs. */
    private void refresh() {
        EventSet events = EventSet.NONE;
        if (anyRecordingRuns()) {
            if (EngineEvents.PUBLISH.isEnabled()) {
                events = events.plus(MonitoringEvent.PUBLISH);
            }
            if (EngineEvents.DISPATCH.isEnabled()) {
                events = events.plus(MonitoringEvent.DISPATCH, MonitoringEvent.DISPATCH_RETURN);
            }
            if (EngineEvents.HANDLER_FAILURE.isEnabled()) {
                events = events.plus(MonitoringEvent.HANDLER_RAISE);
            }
            if (EngineEvents.QUEUE_FULL.isEnabled()) {
                events = events.plus(MonitoringEvent.REJECT);
            }
            if (EngineEvents.HANDLER_STALL.isEnabled()) {
                events = events.plus(MonitoringEvent.HANDLER_STALL);
            }
        }
        if (monitor.getTool(EngineMonitoring.JFR_ID) != null
                && monitor.registerCallbacks(EngineMonitoring.JFR_ID, this) == this) {
            monitor.setEvents(EngineMonitoring.JFR_ID, events);
        }
    }

    private static boolean anyRecordingRuns() {
        for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (r.getState() == RecordingState.RUNNING) {
                return true;
            }
        }
        return false;
    }

    @Override
    public MonitorAction onPublish(MessagePayload message) {
        if (EngineEvents.PUBLISH.isEnabled()) {
            EngineEvents.Publish event = new EngineEvents.Publish();
            event.topic = message.topic().value();
            event.parentSeqId = message.parentSeqId();
            event.occupancy = queue.size();
            event.commit();
        }
        return MonitorAction.CONTINUE;
    }

    @Override
    public MonitorAction onReject(Topic topic, int capacity, boolean accepted, long waitedNanos) {
        if (EngineEvents.QUEUE_FULL.isEnabled()) {
            EngineEvents.QueueFull event = new EngineEvents.QueueFull();
            event.topic = topic.value();
            event.capacity = capacity;
            event.accepted = accepted;
            event.waited = waitedNanos;
            event.commit();
        }
        return MonitorAction.CONTINUE;
    }

    @Override
    public MonitorAction onDispatch(MessagePayload message, int hooks) {
        if (EngineEvents.DISPATCH.isEnabled()) {
            EngineEvents.Dispatch event = new EngineEvents.Dispatch();
            event.begin();
            dispatch = event;
        }
        return MonitorAction.CONTINUE;
    }

    @Override
    public MonitorAction onDispatchReturn(MessagePayload message, int hooks, int failures, long nanos) {
        EngineEvents.Dispatch event = dispatch;
        if (event != null) {
            dispatch = null;
            event.end();
            if (event.shouldCommit()) {
                event.topic = message.topic().value();
                event.seqId = message.seqId();
                event.hooks = hooks;
                event.failures = failures;
                event.commit();
            }
        }
        return MonitorAction.CONTINUE;
    }

    @Override
    public MonitorAction onHandlerRaise(
            EventHook hook, EventHandler handler, MessagePayload message, Throwable failure) {
        if (EngineEvents.HANDLER_FAILURE.isEnabled()) {
            EngineEvents.HandlerFailure event = new EngineEvents.HandlerFailure();
            event.topic = message.topic().value();
            event.hookTopic = hook.topic().value();
            event.seqId = message.seqId();
            event.handler = String.valueOf(handler);
            event.exceptionClass = failure.getClass().getName();
            event.message = String.valueOf(failure.getMessage());
            event.commit();
        }
        return MonitorAction.CONTINUE;
    }

    @Override
    public MonitorAction onHandlerStall(
            @Nullable EventHook hook, MessagePayload message, long stalledMillis, String handlerFrame, String stack) {
        if (EngineEvents.HANDLER_STALL.isEnabled()) {
            EngineEvents.HandlerStall event = new EngineEvents.HandlerStall();
            event.topic = message.topic().value();
            event.hookTopic = hook == null ? "" : hook.topic().value();
            event.seqId = message.seqId();
            event.handler = handlerFrame;
            event.stalledMillis = stalledMillis;
            event.dispatcherStack = stack;
            event.commit();
        }
        return MonitorAction.CONTINUE;
    }

    @Override
    public String toString() {
        return "JfrTool[" + monitor + "]";
    }
}
