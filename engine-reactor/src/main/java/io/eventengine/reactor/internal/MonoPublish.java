package io.eventengine.reactor.internal;

import io.eventengine.core.EventEngine;
import io.eventengine.core.QueueFullException;
import io.eventengine.core.Topic;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * Publishes one message per subscription, never blocking the subscribing thread: with {@code waitForRoom} false a full
 * queue is a {@link QueueFullException}; with it true the subscription waits for room through {@link
 * EventEngine#whenRoomAvailable} and completes on the thread that freed it. Not an API.
 */
public final class MonoPublish extends Mono<Void> implements Scannable {
    private final EventEngine engine;
    private final Topic topic;
    private final List<?> args;
    private final Map<String, ?> kwargs;
    private final boolean waitForRoom;

    private MonoPublish(EventEngine engine, Topic topic, List<?> args, Map<String, ?> kwargs, boolean waitForRoom) {
        this.engine = engine;
        this.topic = topic;
        this.args = args;
        this.kwargs = kwargs;
        this.waitForRoom = waitForRoom;
    }

    /** The publishing Mono; {@code topic} must be exact (checked here, at assembly). */
    public static Mono<Void> create(
            EventEngine engine, Topic topic, List<?> args, Map<String, ?> kwargs, boolean waitForRoom) {
        if (!topic.isExact()) {
            throw new IllegalArgumentException("Cannot publish to '" + topic + "': it is a pattern. Publish to an"
                    + " exact topic (subscribe with patterns), e.g. with topic.formatStrict(values)");
        }
        return onAssembly(new MonoPublish(engine, topic, args, kwargs, waitForRoom));
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        PublishSubscription s = new PublishSubscription(actual, this);
        actual.onSubscribe(s);
        if (waitForRoom) {
            s.run();
        } else {
            s.publishOnce();
        }
    }

    static QueueFullException queueFull(EventEngine engine, Topic topic) {
        return new QueueFullException("Queue full (capacity " + engine.capacity() + "): the message on '" + topic
                + "' was not queued, and publish() never blocks. Use publishWhenRoom(...) to wait for room without"
                + " blocking a thread, retry (publish(...).retryWhen(Retry.backoff(...))), slow the producer, or raise"
                + " the capacity (EventEngine.builder().capacity(n))");
    }

    @Override
    @SuppressWarnings("rawtypes") // Scannable.Attr is generic; scanUnsafe takes it raw
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.RUN_STYLE) {
            return waitForRoom ? Attr.RunStyle.ASYNC : Attr.RunStyle.SYNC;
        }
        return null;
    }

    static final class PublishSubscription implements org.reactivestreams.Subscription, Runnable {
        private static final AtomicIntegerFieldUpdater<PublishSubscription> WIP =
                AtomicIntegerFieldUpdater.newUpdater(PublishSubscription.class, "wip");

        private final CoreSubscriber<? super Void> actual;
        private final MonoPublish parent;
        private volatile int wip;
        private volatile boolean cancelled;

        PublishSubscription(CoreSubscriber<? super Void> actual, MonoPublish parent) {
            this.actual = actual;
            this.parent = parent;
        }

        void publishOnce() {
            if (cancelled) {
                return;
            }
            boolean queued;
            try {
                queued = parent.engine.tryPublish(parent.topic, parent.args, parent.kwargs);
            } catch (Throwable t) {
                Exceptions.throwIfJvmFatal(t);
                actual.onError(Operators.onOperatorError(t, actual.currentContext()));
                return;
            }
            if (queued) {
                actual.onComplete();
            } else {
                actual.onError(queueFull(parent.engine, parent.topic));
            }
        }

        /**
         * Tries to publish; on a full queue registers itself to run again when there is room. A trampoline: the engine
         * runs the callback at once when there is room already, and that re-entry only bumps {@code WIP}.
         */
        @Override
        public void run() {
            if (WIP.getAndIncrement(this) != 0) {
                return;
            }
            EventEngine engine = parent.engine;
            int missed = 1;
            for (; ; ) {
                if (cancelled) {
                    return;
                }
                boolean queued;
                try {
                    // Look before trying, so that waiting does not count as rejected puts in the engine's stats.
                    queued = engine.occupancy() < engine.capacity()
                            && engine.tryPublish(parent.topic, parent.args, parent.kwargs);
                } catch (Throwable t) {
                    Exceptions.throwIfJvmFatal(t);
                    actual.onError(Operators.onOperatorError(t, actual.currentContext()));
                    return;
                }
                if (queued) {
                    actual.onComplete();
                    return;
                }
                engine.whenRoomAvailable(this);
                missed = WIP.addAndGet(this, -missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        @Override
        public void request(long n) {
            // Mono<Void>: no values, nothing to request
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
