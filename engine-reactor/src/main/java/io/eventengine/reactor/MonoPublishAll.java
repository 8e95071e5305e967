package io.eventengine.reactor;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.spi.EngineSupport;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.concurrent.Queues;
import reactor.util.context.Context;

/**
 * Publishes every item of a source into the engine, requesting only what the engine's queue has room for.
 *
 * <p>The loop (serialized by {@code WIP}, run by whichever of onNext, onComplete, the room callback and cancel gets it)
 * queues what arrived, and asks the source for more only when everything requested so far has been queued: then it
 * requests the free capacity ({@code capacity - occupancy}), or, on a full queue, nothing until the engine's {@link
 * EngineSupport#whenRoomAvailable room callback} runs. A message that finds the queue full (another producer took the
 * room) stays pending until that callback too: nothing blocks, nothing is dropped. Each attempt is an {@link
 * EngineSupport#offer}, so waiting is never counted as a rejected put.
 */
final class MonoPublishAll<T> extends Mono<Void> implements Scannable {
    private final EngineSupport support;
    private final Publisher<T> source;
    private final Function<? super T, MessagePayload> mapper;

    private MonoPublishAll(EngineSupport support, Publisher<T> source, Function<? super T, MessagePayload> mapper) {
        this.support = support;
        this.source = source;
        this.mapper = mapper;
    }

    /** The publishing Mono of {@code source}. */
    static <T> Mono<Void> create(
            EngineSupport support, Publisher<T> source, Function<? super T, MessagePayload> mapper) {
        return onAssembly(new MonoPublishAll<>(support, source, mapper));
    }

    @Override
    public void subscribe(CoreSubscriber<? super Void> actual) {
        Flux.from(source).subscribe(new PublishAllSubscriber<>(actual, support, mapper));
    }

    @Override
    @SuppressWarnings("rawtypes") // Scannable.Attr is generic; scanUnsafe takes it raw
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.PARENT) {
            return Scannable.from(source);
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.ASYNC;
        }
        return null;
    }

    static final class PublishAllSubscriber<T> implements CoreSubscriber<T>, Subscription, Scannable {
        @SuppressWarnings("rawtypes")
        private static final AtomicIntegerFieldUpdater<PublishAllSubscriber> WIP =
                AtomicIntegerFieldUpdater.newUpdater(PublishAllSubscriber.class, "wip");

        private final CoreSubscriber<? super Void> actual;
        private final EngineSupport support;
        private final EventEngine engine;
        private final Function<? super T, MessagePayload> mapper;
        private final Queue<MessagePayload> pending =
                Queues.<MessagePayload>unbounded().get();
        private final Runnable onRoom = this::onRoom;

        private @Nullable Subscription upstream;
        private volatile int wip;
        private volatile boolean done;
        private @Nullable Throwable error; // written before done
        private volatile boolean cancelled;
        private volatile boolean roomCallbackPending;
        /** Requested from the source and not queued into the engine yet; drain loop only. */
        private long inFlight;

        private boolean terminated; // drain loop only

        PublishAllSubscriber(
                CoreSubscriber<? super Void> actual,
                EngineSupport support,
                Function<? super T, MessagePayload> mapper) {
            this.actual = actual;
            this.support = support;
            this.engine = support.engine();
            this.mapper = mapper;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                actual.onSubscribe(this);
                drain();
            }
        }

        @Override
        public void onNext(T item) {
            if (done) {
                Operators.onNextDropped(item, actual.currentContext());
                return;
            }
            MessagePayload message;
            try {
                message = Objects.requireNonNull(mapper.apply(item), "the publishAll mapper returned null");
            } catch (Throwable t) {
                Exceptions.throwIfJvmFatal(t);
                onError(Operators.onOperatorError(upstream, t, item, actual.currentContext()));
                return;
            }
            pending.offer(message);
            drain();
        }

        @Override
        public void onError(Throwable t) {
            if (done) {
                Operators.onErrorDropped(t, actual.currentContext());
                return;
            }
            error = t;
            done = true;
            drain();
        }

        @Override
        public void onComplete() {
            if (done) {
                return;
            }
            done = true;
            drain();
        }

        @Override
        public void request(long n) {
            // Mono<Void>: no values, nothing to request
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            Subscription s = upstream;
            if (s != null) {
                s.cancel();
            }
            drain();
        }

        private void onRoom() {
            roomCallbackPending = false;
            drain();
        }

        private void awaitRoom() {
            if (!roomCallbackPending) {
                roomCallbackPending = true;
                support.whenRoomAvailable(onRoom); // may run onRoom at once: that only bumps WIP
            }
        }

        private void drain() {
            if (WIP.getAndIncrement(this) != 0) {
                return;
            }
            int missed = 1;
            for (; ; ) {
                if (!terminated) {
                    drainOnce();
                }
                missed = WIP.addAndGet(this, -missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        private void drainOnce() {
            Context context = actual.currentContext();
            if (cancelled) {
                terminated = true;
                Operators.onDiscardQueueWithClear(pending, context, null);
                return;
            }
            for (MessagePayload m; (m = pending.peek()) != null; ) {
                boolean queued;
                try {
                    queued = support.offer(m.topic(), m.args(), m.kwargs()); // a refusal is not counted
                } catch (Throwable t) {
                    Exceptions.throwIfJvmFatal(t);
                    terminated = true;
                    Subscription s = upstream;
                    if (s != null) {
                        s.cancel();
                    }
                    Operators.onDiscardQueueWithClear(pending, context, null);
                    actual.onError(Operators.onOperatorError(t, context));
                    return;
                }
                if (!queued) {
                    awaitRoom();
                    return;
                }
                pending.poll();
                inFlight--;
            }
            if (done && pending.isEmpty()) {
                // Read done first: onNext offers before done is set, so everything the source sent is queued. An item
                // offered after the loop above and before this line is still pending, and its onNext re-runs the loop.
                terminated = true;
                Throwable ex = error;
                if (ex != null) {
                    actual.onError(ex);
                } else {
                    actual.onComplete();
                }
                return;
            }
            if (done) {
                return; // more pending: its onNext bumped WIP, the next pass queues it
            }
            if (inFlight <= 0) {
                int free = engine.capacity() - engine.occupancy();
                if (free > 0) {
                    inFlight = free;
                    Subscription s = upstream;
                    if (s != null) {
                        s.request(free); // a synchronous source re-enters through onNext: that only bumps WIP
                    }
                } else {
                    awaitRoom();
                }
            }
        }

        @Override
        @SuppressWarnings("rawtypes") // Scannable.Attr is generic; scanUnsafe takes it raw
        public @Nullable Object scanUnsafe(Attr key) {
            if (key == Attr.PARENT) {
                return upstream;
            }
            if (key == Attr.ACTUAL) {
                return actual;
            }
            if (key == Attr.BUFFERED) {
                return pending.size();
            }
            if (key == Attr.CANCELLED) {
                return cancelled;
            }
            if (key == Attr.TERMINATED) {
                return done;
            }
            if (key == Attr.RUN_STYLE) {
                return Attr.RunStyle.ASYNC;
            }
            return null;
        }
    }
}
