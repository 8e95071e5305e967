package io.eventengine.benchmarks;

import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The usual hand-rolled Reactor event bus: {@code Sinks.many().multicast().onBackpressureBuffer(CAPACITY)}, each
 * handler a subscriber behind {@code publishOn} onto one single-thread scheduler (so every handler runs on the same
 * consumer thread, default prefetch).
 *
 * <p>{@code tryEmitNext} is retried while it fails: a full buffer answers {@code FAIL_OVERFLOW}, which {@code
 * emitNext(value, busyLooping(...))} would not retry (it errors the sink), and two producers racing answer {@code
 * FAIL_NON_SERIALIZED}, which Reactor's documentation says to retry.
 */
final class ReactorSinkContender extends Contender {
    private final Sinks.Many<Object> sink = Sinks.many().multicast().onBackpressureBuffer(CAPACITY, false);
    private final Scheduler consumer = Schedulers.newSingle("reactor-consumer", true);
    private final List<BaseSubscriber<Object>> subscribers = new ArrayList<>();

    ReactorSinkContender(int handlers) {
        super(handlers);
        for (int i = 0; i < handlers; i++) {
            var subscriber = new CountingSubscriber<Object>(handled, value -> (Long) value);
            sink.asFlux().publishOn(consumer).subscribe(subscriber);
            subscribers.add(subscriber);
        }
    }

    @Override
    public void publish(Object event) {
        for (int attempt = 0; sink.tryEmitNext(event).isFailure(); attempt++) {
            backOff(attempt);
        }
    }

    @Override
    public void close() {
        subscribers.forEach(BaseSubscriber::dispose);
        consumer.dispose();
    }
}
