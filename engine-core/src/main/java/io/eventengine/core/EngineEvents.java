package io.eventengine.core;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * The engine's JDK Flight Recorder events, written by the built-in monitoring tool {@link JfrTool}: with no recording
 * running that enables one of them, the engine's monitored sites cost their one read of the activation word.
 *
 * <p>Per-message events ({@code Publish}, {@code Dispatch}) are off by default: timing every dispatch doubled its cost
 * under a running recording in the benchmarks, and a default recording should not pay for that. Enable them in a
 * {@code .jfc} file or with {@code Recording.enable(name)}; {@code Dispatch} then keeps dispatches above 10 ms unless
 * its threshold is lowered.
 */
final class EngineEvents {
    static final String CATEGORY = "EventEngine";

    static final EventType PUBLISH = EventType.getEventType(Publish.class);
    static final EventType DISPATCH = EventType.getEventType(Dispatch.class);
    static final EventType HANDLER_FAILURE = EventType.getEventType(HandlerFailure.class);
    static final EventType QUEUE_FULL = EventType.getEventType(QueueFull.class);
    static final EventType HANDLER_STALL = EventType.getEventType(HandlerStall.class);

    private EngineEvents() {}

    @Name("io.eventengine.Publish")
    @Label("Publish")
    @Category(CATEGORY)
    @Description("A message was accepted into the engine's queue")
    @Enabled(false)
    @StackTrace(false)
    static final class Publish extends Event {
        @Label("Topic")
        String topic;

        @Label("Parent Sequence Id")
        long parentSeqId;

        @Label("Occupancy")
        int occupancy;
    }

    @Name("io.eventengine.Dispatch")
    @Label("Dispatch")
    @Category(CATEGORY)
    @Description("One message handed to every hook on its route")
    @Enabled(false)
    @Threshold("10 ms")
    @StackTrace(false)
    static final class Dispatch extends Event {
        @Label("Topic")
        String topic;

        @Label("Sequence Id")
        long seqId;

        @Label("Hooks")
        int hooks;

        @Label("Failed Handlers")
        int failures;
    }

    @Name("io.eventengine.HandlerFailure")
    @Label("Handler Failure")
    @Category(CATEGORY)
    @Description("A handler threw while handling a message")
    @StackTrace(false)
    static final class HandlerFailure extends Event {
        @Label("Topic")
        String topic;

        @Label("Hook Topic")
        String hookTopic;

        @Label("Sequence Id")
        long seqId;

        @Label("Handler")
        String handler;

        @Label("Exception Class")
        String exceptionClass;

        @Label("Message")
        String message;
    }

    @Name("io.eventengine.QueueFull")
    @Label("Queue Full")
    @Category(CATEGORY)
    @Description("A put found the queue full: it waited (the Waited field) and then succeeded or gave up")
    @StackTrace(false)
    static final class QueueFull extends Event {
        @Label("Topic")
        String topic;

        @Label("Capacity")
        int capacity;

        @Label("Accepted")
        @Description("Whether the put got its message in after all")
        boolean accepted;

        @Label("Waited")
        @Description("How long the put waited for room")
        @jdk.jfr.Timespan(jdk.jfr.Timespan.NANOSECONDS)
        long waited;
    }

    @Name("io.eventengine.HandlerStall")
    @Label("Handler Stall")
    @Category(CATEGORY)
    @Description("A handler has held the dispatcher longer than the engine's stall threshold and is still running")
    @StackTrace(false)
    static final class HandlerStall extends Event {
        @Label("Topic")
        String topic;

        @Label("Hook Topic")
        String hookTopic;

        @Label("Sequence Id")
        long seqId;

        @Label("Handler")
        @Description("The handler's frame on the dispatcher's stack")
        String handler;

        @Label("Stalled For")
        @jdk.jfr.Timespan(jdk.jfr.Timespan.MILLISECONDS)
        long stalledMillis;

        @Label("Dispatcher Stack")
        String dispatcherStack;
    }
}
