package io.eventengine.core;

import io.eventengine.core.monitoring.MonitoringEvent;
import io.eventengine.core.spi.EngineSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/** An engine's {@link EngineSupport}: one per engine, holding the counter that adapters feed. */
final class AdapterSupport implements EngineSupport {
    private final EventEngine engine;
    private final MpscMessageQueue queue;
    private final MessageIntake intake;
    private final DispatchLoop loop;
    private final EngineLifecycle lifecycle;
    private final Monitor monitor;
    private final LongAdder subscriberDrops = new LongAdder();

    AdapterSupport(
            EventEngine engine,
            MpscMessageQueue queue,
            MessageIntake intake,
            DispatchLoop loop,
            EngineLifecycle lifecycle,
            Monitor monitor) {
        this.engine = engine;
        this.monitor = monitor;
        this.queue = queue;
        this.intake = intake;
        this.loop = loop;
        this.lifecycle = lifecycle;
    }

    @Override
    public EventEngine engine() {
        return engine;
    }

    @Override
    public void whenRoomAvailable(Runnable callback) {
        queue.whenRoomAvailable(Objects.requireNonNull(callback, "callback"));
    }

    @Override
    public void afterBatch(Runnable task) {
        loop.afterBatch(Objects.requireNonNull(task, "task"));
    }

    @Override
    public void beforeBlocking() {
        loop.beforeBlocking();
    }

    @Override
    public void consumerWoken() {
        loop.consumerWoken();
    }

    @Override
    public Runnable whenClosed(Runnable callback) {
        return lifecycle.whenClosed(Objects.requireNonNull(callback, "callback"));
    }

    @Override
    public boolean offer(Topic topic, List<?> args, Map<String, ?> kwargs, boolean retain) {
        MessagePayload message = intake.newMessage(topic, args, kwargs);
        return intake.tryPut(retain ? message.markRetained() : message, false);
    }

    @Override
    public boolean offerImported(
            Topic topic, List<?> args, Map<String, ?> kwargs, MessageOrigin origin, long localParentSeqId) {
        Objects.requireNonNull(origin, "origin");
        if (localParentSeqId < MessagePayload.NO_SEQ) {
            throw new IllegalArgumentException(
                    "localParentSeqId must be a seq id (at least 0) or NO_SEQ, got " + localParentSeqId);
        }
        MessagePayload message = intake.newMessage(topic, args, kwargs, localParentSeqId);
        return intake.tryPut(message.importedFrom(origin), false);
    }

    @Override
    public void recordRejectedPut() {
        intake.recordRejectedPut(null, 0);
    }

    @Override
    public void recordRejectedPut(Topic topic, long waitedNanos) {
        intake.recordRejectedPut(Objects.requireNonNull(topic, "topic"), waitedNanos);
    }

    @Override
    public void recordSubscriberDrops(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        subscriberDrops.add(count);
    }

    @Override
    public void recordSubscriberDrop(Topic pattern, @Nullable MessagePayload message) {
        subscriberDrops.increment();
        if ((monitor.active() & Monitor.bit(Monitor.SUBSCRIBER_DROP)) != 0) {
            monitor.fireSubscriberDrop(Objects.requireNonNull(pattern, "pattern"), message);
        }
    }

    @Override
    public boolean isMonitored(MonitoringEvent event) {
        return (monitor.active() & event.mask()) != 0;
    }

    @Override
    public void fire(MonitoringEvent event, @Nullable Topic topic, @Nullable Object detail) {
        if (event.isBuiltIn()) {
            throw new IllegalArgumentException("Built-in monitoring event " + event + " is the engine's to fire;"
                    + " define an event of your own with MonitoringEvent.define(name)");
        }
        monitor.fireCustom(event, topic, detail);
    }

    long subscriberDrops() {
        return subscriberDrops.sum();
    }

    @Override
    public Topic timerTopic(Duration interval) {
        return TimerScheduler.topicFor(TimerScheduler.periodMillis(interval));
    }

    @Override
    public boolean isDispatcherThread() {
        return loop.owner() == Thread.currentThread();
    }

    @Override
    public String toString() {
        return "EngineSupport[" + engine + "]";
    }
}
