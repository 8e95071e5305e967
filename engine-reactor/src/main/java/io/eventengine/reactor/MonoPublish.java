package io.eventengine.reactor;

import io.eventengine.core.PublishOptions;
import io.eventengine.core.QueueFullException;
import io.eventengine.core.Topic;
import io.eventengine.core.spi.EngineSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes one message per subscription, waiting for room as its {@link PublishOptions} say without blocking any
 * thread: it retries {@link EngineSupport#offer} (uncounted) each time {@link EngineSupport#whenRoomAvailable} calls it
 * back, gives up with {@link QueueFullException} when the options' timeout ends (one {@link
 * EngineSupport#recordRejectedPut()}), and fails with the engine's {@link IllegalStateException} when it closes
 * meanwhile ({@link EngineSupport#whenClosed}).
 *
 * <p>Every attempt and every terminal signal runs in one trampolined loop ({@code WIP}): the room callback, the
 * timeout and the close callback only mark what happened and re-enter the loop, so a message is never queued after
 * the subscriber was told it was not.
 */
final class MonoPublish extends Mono<Void> implements Scannable {
    private final EngineSupport support;
    private final Topic topic;
    private final List<?> args;
    private final Map<String, ?> kwargs;
    private final PublishOptions options;

    private MonoPublish(
            EngineSupport support, Topic topic, List<?> args, Map<String, ?> kwargs, PublishOptions options) {
        this.support = support;
        this.topic = topic;
        this.args = args;
        this.kwargs = kwargs;
        this.options = options;
    }

    /** The publishing Mono; {@code topic} must be exact (checked here, at assembly). */
    static Mono<Void> create(
            EngineSupport support, Topic topic, List<?> args, Map<String, ?> kwargs, PublishOptions options) {
        requireExact(topic);
        return onAssembly(new MonoPublish(support, topic, args, kwargs, options));
    }

    /** Rejects a pattern topic at assembly: messages go to exact topics. */
    static void requireExact(Topic topic) {
        if (!topic.isExact()) {
            throw new IllegalArgumentException("Cannot publish to '" + topic + "': it is a pattern. Publish to an"
                    + " exact topic (subscribe with patterns), e.g. with topic.formatStrict(values)");
        }
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        PublishSubscription s = new PublishSubscription(actual, this);
        actual.onSubscribe(s);
        s.run();
    }

    private QueueFullException queueFull() {
        String waited = options.waits()
                ? "publish waited " + options.timeout() + " for room (PublishOptions.waitAtMost) and gave up"
                : "publish with PublishOptions.NON_BLOCKING never waits";
        return new QueueFullException("Queue full (capacity " + support.engine().capacity() + "): the message on '"
                + topic + "' was not queued: " + waited + ". Wait longer (PublishOptions.waitAtMost(...), or"
                + " BLOCKING to wait until there is room), use tryPublish(...) to test for room, slow the producer,"
                + " or raise the capacity (EventEngine.builder().capacity(n))");
    }

    @Override
    @SuppressWarnings("rawtypes") // Scannable.Attr is generic; scanUnsafe takes it raw
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.RUN_STYLE) {
            return options.waits() ? Attr.RunStyle.ASYNC : Attr.RunStyle.SYNC;
        }
        return null;
    }

    static final class PublishSubscription implements org.reactivestreams.Subscription, Runnable, Scannable {
        private static final AtomicIntegerFieldUpdater<PublishSubscription> WIP =
                AtomicIntegerFieldUpdater.newUpdater(PublishSubscription.class, "wip");

        private final CoreSubscriber<? super Void> actual;
        private final MonoPublish parent;
        private final Runnable onRoom = this::onRoom;
        private final long startNanos = System.nanoTime();

        private volatile int wip;
        private volatile boolean cancelled;
        private volatile boolean timedOut;
        private volatile boolean roomCallbackPending;
        /** Set by the loop once it has signalled; loop only. */
        private boolean terminated;
        /** Set up when the first attempt finds the queue full; loop only, read by cancel. */
        private volatile boolean waiting;

        private volatile @Nullable Disposable timeout;
        private volatile @Nullable Runnable removeCloseCallback;

        PublishSubscription(CoreSubscriber<? super Void> actual, MonoPublish parent) {
            this.actual = actual;
            this.parent = parent;
        }

        private void onRoom() {
            roomCallbackPending = false;
            run();
        }

        /**
         * Tries to publish, and on a full queue waits for room through the engine's callback. A trampoline: the engine
         * runs the callback at once when there is room already, and that re-entry only bumps {@code WIP}.
         */
        @Override
        public void run() {
            if (WIP.getAndIncrement(this) != 0) {
                return;
            }
            int missed = 1;
            for (; ; ) {
                if (!terminated) {
                    attempt();
                }
                missed = WIP.addAndGet(this, -missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        private void attempt() {
            if (cancelled) {
                terminated = true;
                release();
                return;
            }
            EngineSupport support = parent.support;
            PublishOptions options = parent.options;
            if (timedOut) {
                giveUp();
                return;
            }
            boolean queued;
            try {
                queued = support.offer(parent.topic, parent.args, parent.kwargs, options.retain());
            } catch (Throwable t) {
                // a closed engine (also when it closed while we waited: its callback re-entered here)
                Exceptions.throwIfJvmFatal(t);
                terminated = true;
                release();
                actual.onError(Operators.onOperatorError(t, actual.currentContext()));
                return;
            }
            if (queued) {
                terminated = true;
                release();
                actual.onComplete();
                return;
            }
            if (!options.waits()) {
                giveUp();
                return;
            }
            if (!waiting) {
                waiting = true;
                startWaiting(support, options);
                if (cancelled || timedOut) {
                    return; // the next pass (bumped by cancel or the timeout) ends it
                }
            }
            if (!roomCallbackPending) {
                roomCallbackPending = true;
                support.whenRoomAvailable(onRoom); // may run onRoom at once: that only bumps WIP
            }
        }

        /** The first full queue: a timeout unless the wait is for ever, and an end when the engine closes. */
        private void startWaiting(EngineSupport support, PublishOptions options) {
            if (!options.waitsForever()) {
                long left = saturatedNanos(options.timeout()) - (System.nanoTime() - startNanos);
                if (left <= 0) {
                    timedOut = true;
                    WIP.getAndIncrement(this); // one more pass, which gives up
                } else {
                    timeout = Schedulers.parallel().schedule(this::onTimeout, left, TimeUnit.NANOSECONDS);
                }
            }
            // runs at once (re-entering through WIP) when the engine is closed already
            removeCloseCallback = support.whenClosed(this);
            if (cancelled) {
                release();
            }
        }

        private void onTimeout() {
            timedOut = true;
            run();
        }

        /** The wait (or the one try of NON_BLOCKING) ran out: one rejected put, and nothing was queued. */
        private void giveUp() {
            terminated = true;
            release();
            parent.support.recordRejectedPut(parent.topic, System.nanoTime() - startNanos);
            actual.onError(parent.queueFull());
        }

        /** Stops the timeout and removes the close callback (idempotent). */
        private void release() {
            Disposable t = timeout;
            if (t != null) {
                t.dispose();
            }
            Runnable remove = removeCloseCallback;
            if (remove != null) {
                remove.run();
            }
        }

        private static long saturatedNanos(Duration d) {
            try {
                return d.toNanos();
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }

        @Override
        public void request(long n) {
            // Mono<Void>: no values, nothing to request
        }

        /** Stops waiting: nothing is queued afterwards, and nothing is counted. */
        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            if (waiting) {
                run(); // the loop releases the timeout and the close callback
            }
        }

        @Override
        @SuppressWarnings("rawtypes") // Scannable.Attr is generic; scanUnsafe takes it raw
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.ACTUAL) {
                return actual;
            }
            if (key == Attr.CANCELLED) {
                return cancelled;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.ASYNC;
            }
            return null;
        }
    }
}
