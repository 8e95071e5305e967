package io.eventengine.core.spi;

import io.eventengine.core.EngineStats;
import io.eventengine.core.EventEngine;
import io.eventengine.core.MessageOrigin;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import io.eventengine.core.internal.SpiAccess;
import io.eventengine.core.monitoring.MonitoringEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an adapter (a Reactor or coroutine bridge, a NATS bridge, a metrics binder) needs from an engine beyond what
 * users call: callbacks when the queue has room and when the engine closes, uncounted retries, and the counters
 * adapters feed. Obtained with {@link #of(EventEngine)}; the engine's user-facing API does not show it.
 *
 * <p>Every callback must be quick and must not block; an exception from one is logged and ignored.
 */
public interface EngineSupport {
    /** The support of {@code engine}. */
    static EngineSupport of(EventEngine engine) {
        return SpiAccess.supportOf(engine);
    }

    /** The engine. */
    EventEngine engine();

    /**
     * Runs {@code callback} once as soon as the queue has room: at once on the calling thread when it has room now,
     * otherwise on the dispatcher thread (or whichever thread takes messages) right after it frees some. For producers
     * that must not park a thread: retry {@link #offer} from the callback, and register again if another producer
     * took the room first.
     *
     * <p>When the queue has room now, every callback still waiting runs then too. The dispatcher calls them back after
     * each batch; a handler about to block the dispatcher calls {@link #beforeBlocking()} so that they need not wait
     * for the end of its batch.
     */
    void whenRoomAvailable(Runnable callback);

    /**
     * Runs {@code task} on the dispatching thread once the batch of messages being dispatched ends (before the
     * dispatcher takes the next batch, idles or stops), or at once when the calling thread is not dispatching this
     * engine's messages (a handler called by hand). An adapter that hands messages to a consumer on another thread
     * queues each one with an ordered write and wakes the consumer from here: one wake-up per batch, not per message.
     * A batch is at most the engine's batch size; a handler that blocks ends it early through {@link
     * #beforeBlocking()}. Tasks run in the order given; deduplicate them yourself (a flag the task clears).
     */
    void afterBatch(Runnable task);

    /**
     * A handler is about to block the dispatcher thread (waiting for a slow subscriber): runs the {@link #afterBatch}
     * tasks queued so far and the room callbacks and wakes producers waiting for the room this batch has freed, so
     * neither waits for the handler. Does nothing but wake producers off the dispatching thread.
     */
    void beforeBlocking();

    /**
     * An {@link #afterBatch} task has just woken a consumer on another thread (resumed a suspended collector): should
     * the dispatcher then find no message, it yields its core at once instead of spinning first, so that the thread
     * it woke does not wait for a spinning dispatcher to be preempted when every core is busy. Without effect off the
     * dispatching thread. Call it only for a real wake-up: every call costs the dispatcher its spin phase once, so a
     * message arriving right after that batch waits a yield instead of a spin.
     */
    void consumerWoken();

    /**
     * Runs {@code callback} once when the engine is closed, after close has delivered what it could: on the thread that
     * calls {@code close()} (on the dispatcher, once the handler returns, when a handler called it), or at once on the
     * calling thread when the engine is closed already. For streams that end with the engine.
     *
     * @return removes the callback unless it has run (idempotent); a stream that ends first calls it, so a long-lived
     *     engine does not collect callbacks
     */
    Runnable whenClosed(Runnable callback);

    /**
     * {@code tryPublish} for a producer that waits by retrying (after {@link #whenRoomAvailable}): the same checks and
     * copies, but a refusal is not counted in {@link EngineStats#rejectedPuts()}. Such a producer's wait counts once,
     * through {@link #recordRejectedPut()}, if it gives up; none if it gets in.
     *
     * @return whether the message was queued
     * @throws IllegalArgumentException for a pattern topic
     * @throws IllegalStateException when the engine is closed
     */
    default boolean offer(Topic topic, List<?> args, Map<String, ?> kwargs) {
        return offer(topic, args, kwargs, false);
    }

    /**
     * {@link #offer(Topic, List, Map)}, publishing retained when {@code retain} (see {@code
     * PublishOptions.retained()}).
     */
    boolean offer(Topic topic, List<?> args, Map<String, ?> kwargs, boolean retain);

    /**
     * {@link #offer(Topic, List, Map)} for a bridge that publishes a message received from another engine: the message
     * carries {@code origin} (see {@link MessagePayload#origin()}) and, as its causal parent, {@code localParentSeqId}
     * (a seq id of this engine when the remote parent was one of this engine's own messages, else {@link
     * MessagePayload#NO_SEQ}) instead of the message being dispatched on the calling thread.
     *
     * @return whether the message was queued
     * @throws IllegalArgumentException for a pattern topic or a negative parent other than {@code NO_SEQ}
     * @throws IllegalStateException when the engine is closed
     */
    boolean offerImported(
            Topic topic, List<?> args, Map<String, ?> kwargs, MessageOrigin origin, long localParentSeqId);

    /** A producer that waited by retrying {@link #offer} gave up: one rejected put. */
    void recordRejectedPut();

    /**
     * A producer that waited {@code waitedNanos} by retrying {@link #offer} on {@code topic} gave up: one rejected put,
     * and a {@link MonitoringEvent#REJECT} event for the tools that want it.
     */
    void recordRejectedPut(Topic topic, long waitedNanos);

    /** Adds {@code count} (at least 0) messages dropped by a subscriber's overflow policy to {@link EngineStats#subscriberDrops()}. */
    void recordSubscriberDrops(long count);

    /**
     * One message dropped by the overflow policy of a subscription on {@code pattern}: counted in {@link
     * EngineStats#subscriberDrops()}, and a {@link MonitoringEvent#SUBSCRIBER_DROP} event (with the message when the
     * adapter has it) for the tools that want it.
     */
    void recordSubscriberDrop(Topic pattern, @Nullable MessagePayload message);

    /** Whether some monitoring tool wants {@code event} now: one read of the engine's activation word. */
    boolean isMonitored(MonitoringEvent event);

    /**
     * Fires the custom monitoring event {@code event} (see {@link MonitoringEvent#define}) about {@code topic} (its
     * location, where a tool's DISABLE applies; null for none) to the tools that want it, on the calling thread. Check
     * {@link #isMonitored} first when building {@code detail} costs anything.
     *
     * @throws IllegalArgumentException for a built-in event: those are the engine's to fire
     */
    void fire(MonitoringEvent event, @Nullable Topic topic, @Nullable Object detail);

    /**
     * The topic {@link EventEngine#timer(Duration)} returns for {@code interval}, without creating the timer: an
     * adapter registers on it first and then creates the timer, so it cannot miss the first tick.
     *
     * @throws IllegalArgumentException unless the interval is a positive whole number of milliseconds
     */
    Topic timerTopic(Duration interval);

    /** Whether the calling thread is the one dispatching this engine's messages now (a handler's thread). */
    boolean isDispatcherThread();
}
