package io.eventengine.benchmarks;

import java.util.function.ToLongFunction;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/** A Reactor subscriber that requests unbounded and counts each value it receives as one handled event. */
final class CountingSubscriber<T> extends BaseSubscriber<T> {
    private final HandledCounter handled;
    private final ToLongFunction<T> read;

    CountingSubscriber(HandledCounter handled, ToLongFunction<T> read) {
        this.handled = handled;
        this.read = read;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    protected void hookOnNext(T value) {
        handled.onEvent(read.applyAsLong(value));
    }
}
