package io.eventengine.core.monitoring;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventHandler;
import io.eventengine.core.EventHook;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import org.jspecify.annotations.Nullable;

/**
 * A monitoring tool's callbacks (what CPython's {@code sys.monitoring.register_callback} registers, one method per
 * event kind). The engine calls only the methods of the events the tool {@link EngineMonitoring#setEvents set}, and
 * each method's default does nothing and answers {@link MonitorAction#CONTINUE}, so a tool overrides what it uses.
 *
 * <p>Callbacks run where the event happens: on a producer's thread, on the dispatcher, on the timer or watchdog
 * thread, as each event says. They must be quick and must not block (on the dispatcher they delay every message
 * behind them) and must not publish with a wait. A callback that throws is contained: the failure is logged like a
 * handler's (the 1st, 10th, 100th... at WARN), counted in {@link EngineMonitoring#callbackFailures()}, and the
 * engine, the other tools and the message go on. The message objects passed in are the ones handlers see: read them,
 * never hold on to them beyond what a handler could.
 */
public interface MonitoringTool {
    /**
     * {@link MonitoringEvent#CAPTURE}: a message on {@code topic} is about to be queued, on the producer's thread. What
     * the tool returns travels with the message (read it with {@link EngineMonitoring#captured}), e.g. the producer's
     * trace context; null for nothing.
     */
    default @Nullable Object onCapture(Topic topic) {
        return null;
    }

    /** {@link MonitoringEvent#PUBLISH}: {@code message} is in the queue (not numbered yet); on the producer's thread. */
    default MonitorAction onPublish(MessagePayload message) {
        return MonitorAction.CONTINUE;
    }

    /**
     * {@link MonitoringEvent#REJECT}: a put on {@code topic} found the queue (of {@code capacity}) full. {@code
     * accepted} is false when it gave up (one {@code rejectedPuts} in the stats) and true when it got in after waiting
     * {@code waitedNanos}.
     */
    default MonitorAction onReject(Topic topic, int capacity, boolean accepted, long waitedNanos) {
        return MonitorAction.CONTINUE;
    }

    /** {@link MonitoringEvent#DISPATCH}: the dispatcher numbered {@code message} and will call {@code hooks} hooks. */
    default MonitorAction onDispatch(MessagePayload message, int hooks) {
        return MonitorAction.CONTINUE;
    }

    /**
     * {@link MonitoringEvent#DISPATCH_RETURN}: the route of {@code message} ran: {@code hooks} hooks, {@code
     * failures} handlers threw, in {@code nanos}.
     */
    default MonitorAction onDispatchReturn(MessagePayload message, int hooks, int failures, long nanos) {
        return MonitorAction.CONTINUE;
    }

    /** {@link MonitoringEvent#HANDLER_START}: {@code handler} of {@code hook} is about to handle {@code message}. */
    default MonitorAction onHandlerStart(EventHook hook, EventHandler handler, MessagePayload message) {
        return MonitorAction.CONTINUE;
    }

    /** {@link MonitoringEvent#HANDLER_RETURN}: {@code handler} of {@code hook} returned after {@code nanos}. */
    default MonitorAction onHandlerReturn(EventHook hook, EventHandler handler, MessagePayload message, long nanos) {
        return MonitorAction.CONTINUE;
    }

    /**
     * {@link MonitoringEvent#HANDLER_RAISE}: {@code handler} of {@code hook} threw {@code failure} (counted and logged
     * by the engine as always). Comes instead of {@link #onHandlerReturn}; also for a retained message replayed to a
     * new handler.
     */
    default MonitorAction onHandlerRaise(
            EventHook hook, EventHandler handler, MessagePayload message, Throwable failure) {
        return MonitorAction.CONTINUE;
    }

    /**
     * {@link MonitoringEvent#HANDLER_STALL}: a handler of {@code hook} (null when the dispatcher is between hooks) has
     * held the dispatcher for {@code stalledMillis} on {@code message}, and is still running; on the watchdog thread.
     * {@code handlerFrame} is the handler's frame on the dispatcher's stack, {@code stack} the dispatcher's stack.
     */
    default MonitorAction onHandlerStall(
            @Nullable EventHook hook, MessagePayload message, long stalledMillis, String handlerFrame, String stack) {
        return MonitorAction.CONTINUE;
    }

    /**
     * {@link MonitoringEvent#SUBSCRIBER_DROP}: the overflow policy of a subscription on {@code pattern} dropped {@code
     * message} (a Flux or Flow buffer was full); where the drop happened.
     */
    default MonitorAction onSubscriberDrop(Topic pattern, @Nullable MessagePayload message) {
        return MonitorAction.CONTINUE;
    }

    /** {@link MonitoringEvent#TIMER_TICK}: the timer on {@code timer} fired; {@code queued} is false for a dropped tick. */
    default MonitorAction onTimerTick(Topic timer, boolean queued) {
        return MonitorAction.CONTINUE;
    }

    /** {@link MonitoringEvent#SUBSCRIBE}: {@code handler} was registered on {@code pattern}. */
    default MonitorAction onSubscribe(Topic pattern, EventHandler handler) {
        return MonitorAction.CONTINUE;
    }

    /** {@link MonitoringEvent#UNSUBSCRIBE}: {@code handler} was unregistered from {@code pattern}. */
    default MonitorAction onUnsubscribe(Topic pattern, EventHandler handler) {
        return MonitorAction.CONTINUE;
    }

    /** {@link MonitoringEvent#ENGINE_START}: {@code engine} started dispatching. */
    default void onEngineStart(EventEngine engine) {}

    /** {@link MonitoringEvent#ENGINE_STOP}: {@code engine} stopped dispatching. */
    default void onEngineStop(EventEngine engine) {}

    /** {@link MonitoringEvent#ENGINE_CLOSE}: {@code engine} closed. */
    default void onEngineClose(EventEngine engine) {}

    /**
     * A custom event (see {@link MonitoringEvent#define}) an adapter fired about {@code topic} (its location, null for
     * none), with a {@code detail} of the adapter's choosing.
     */
    default MonitorAction onCustom(MonitoringEvent event, @Nullable Topic topic, @Nullable Object detail) {
        return MonitorAction.CONTINUE;
    }
}
