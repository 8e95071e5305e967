package io.eventengine.reactor;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Overflow;
import io.eventengine.core.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import reactor.core.publisher.Flux;

/**
 * The Reactive Streams TCK against {@link ReactorEngine#flux}, for one overflow policy (the subclasses).
 *
 * <p>{@code createPublisher(n)} must be a finite stream of exactly n elements, but an engine flux is endless: each
 * subscription gets fresh topics {@code Tck.<id>.Data} and {@code Tck.<id>.End}, subscribes to the data topic with
 * {@link FluxOptions#withCompleteOn the end topic as its completion topic}, and then publishes n messages and the end
 * message through the engine. The subscriber under test talks to the adapter's own subscription directly (no Reactor
 * operator in between). The TCK's optional multicast rules expect equal elements for every subscriber, which a cold
 * per-subscription stream does not give: they are reported as skipped.
 */
abstract class AbstractFluxTck extends PublisherVerification<MessagePayload> {
    /**
     * Above every count the TCK's rules need but one (§3.17's Integer.MAX_VALUE, published lazily); the buffer is this
     * big, so the TCK never overflows it.
     */
    static final int MAX_ELEMENTS = 1024;

    private static final AtomicLong IDS = new AtomicLong();

    private final EventEngine engine = TestEngines.started(4096);
    private final ReactorEngine rx = ReactorEngine.of(engine);
    private final FluxOptions options;

    AbstractFluxTck(Overflow overflow) {
        // default timeout 1 s (a busy 2-core machine), 200 ms to wait for "no signal", GC wait 2 s
        super(new TestEnvironment(1_000, 200), 2_000);
        this.options = FluxOptions.of(overflow, MAX_ELEMENTS).withBlockTimeout(Duration.ofSeconds(30));
    }

    @AfterClass(alwaysRun = true)
    public void closeEngine() {
        engine.close();
    }

    @Override
    public Publisher<MessagePayload> createPublisher(long elements) {
        return subscriber -> {
            long id = IDS.incrementAndGet();
            Topic data = Topic.of("Tck." + id + ".Data");
            Topic end = Topic.of("Tck." + id + ".End");
            Flux<MessagePayload> flux = rx.flux(data, options.withCompleteOn(end));
            if (elements <= MAX_ELEMENTS) {
                flux.subscribe(subscriber); // null: NPE here, before publishing
                for (long i = 0; i < elements; i++) {
                    engine.publish(data, List.of(i), Map.of());
                }
                engine.publish(end, List.of(), Map.of());
                return;
            }
            // §3.17 asks for Integer.MAX_VALUE elements and cancels after a few: publish them lazily on a thread, at
            // most half a buffer ahead of what the subscriber received (so FAIL never overflows), until it is gone.
            Objects.requireNonNull(subscriber, "subscriber");
            AtomicLong received = new AtomicLong();
            flux.subscribe(new Subscriber<MessagePayload>() {
                @Override
                public void onSubscribe(Subscription s) {
                    subscriber.onSubscribe(s); // the adapter's own subscription, not a wrapper
                }

                @Override
                public void onNext(MessagePayload m) {
                    received.incrementAndGet();
                    subscriber.onNext(m);
                }

                @Override
                public void onError(Throwable t) {
                    subscriber.onError(t);
                }

                @Override
                public void onComplete() {
                    subscriber.onComplete();
                }
            });
            Thread producer = new Thread(
                    () -> {
                        for (long i = 0; i < elements && !engine.hooksFor(data).isEmpty(); i++) {
                            while (i - received.get() >= MAX_ELEMENTS / 2
                                    && !engine.hooksFor(data).isEmpty()) {
                                LockSupport.parkNanos(100_000);
                            }
                            engine.publish(data, List.of(i), Map.of());
                        }
                    },
                    "tck-producer-" + id);
            producer.setDaemon(true);
            producer.start();
        };
    }

    @Override
    public Publisher<MessagePayload> createFailedPublisher() {
        EventEngine closed = EventEngine.create();
        closed.close();
        return ReactorEngine.of(closed).flux("Tck.Failed"); // a closed engine fails every subscriber at once
    }

    @Override
    public long maxElementsFromPublisher() {
        return Integer.MAX_VALUE; // up to MAX_ELEMENTS published at once, more lazily
    }
}
