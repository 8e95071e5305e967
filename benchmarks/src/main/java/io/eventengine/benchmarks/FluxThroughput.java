package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
import io.eventengine.core.Topic;
import io.eventengine.reactor.ReactorEngine;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One producer thread to one Flux subscriber on another thread, end to end: each invocation publishes {@link #BATCH}
 * messages and waits until the subscriber has received them all, so the score is messages per second delivered.
 *
 * <ul>
 *   <li>{@code engineFlux}: {@code engine.put(topic, value)} (blocking put: spins, then parks on a full queue) into an
 *       engine whose dispatcher thread feeds {@code ReactorEngine.flux(topic)} (default options: BLOCK, buffer 256).
 *   <li>{@code sinkPublishOn}: {@code Sinks.many().multicast().onBackpressureBuffer()} with {@code tryEmitNext}
 *       retried in a spin loop while it fails (a full buffer is {@code FAIL_OVERFLOW}, which {@code
 *       emitNext(value, EmitFailureHandler.busyLooping(...))} does not retry: it errors the sink), and {@code
 *       publishOn(Schedulers.single())} to cross to the consumer thread: the usual hand-rolled Reactor event bus.
 * </ul>
 *
 * Both subscribers request unbounded and count in a volatile field. Run: {@code java -jar
 * benchmarks/target/benchmarks.jar FluxThroughput}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FluxThroughput {
    static final int BATCH = 10_000;
    private static final Long VALUE = 42L;

    /** Counts what it receives; the producer waits on the count. */
    static final class Counter extends BaseSubscriber<Object> {
        final AtomicLong received = new AtomicLong();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        protected void hookOnNext(Object value) {
            received.lazySet(received.get() + 1); // single writer
        }

        void awaitAtLeast(long target) {
            while (received.get() < target) {
                Thread.onSpinWait();
            }
        }
    }

    @State(Scope.Benchmark)
    public static class EngineState {
        final Topic topic = Topic.of("Bench.Flux");
        EventEngine engine;
        Counter counter;
        long sent;

        @Setup(Level.Trial)
        public void setUp() {
            engine = EventEngine.builder().capacity(8192).name("bench").build();
            counter = new Counter();
            ReactorEngine.of(engine).flux(topic).subscribe(counter);
            engine.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            counter.dispose();
            engine.close();
        }
    }

    @State(Scope.Benchmark)
    public static class SinkState {
        Sinks.Many<Object> sink;
        Scheduler consumer;
        Counter counter;
        Disposable subscription;
        long sent;

        @Setup(Level.Trial)
        public void setUp() {
            sink = Sinks.many().multicast().onBackpressureBuffer();
            consumer = Schedulers.newSingle("bench-consumer");
            counter = new Counter();
            sink.asFlux().publishOn(consumer).subscribe(counter);
            subscription = counter;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            subscription.dispose();
            consumer.dispose();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long engineFlux(EngineState s) {
        for (int i = 0; i < BATCH; i++) {
            s.engine.put(s.topic, VALUE);
        }
        s.sent += BATCH;
        s.counter.awaitAtLeast(s.sent);
        return s.sent;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long sinkPublishOn(SinkState s) {
        for (int i = 0; i < BATCH; i++) {
            // emitNext(v, busyLooping(...)) does not retry FAIL_OVERFLOW: it errors the sink. Retry by hand.
            while (s.sink.tryEmitNext(VALUE).isFailure()) {
                Thread.onSpinWait();
            }
        }
        s.sent += BATCH;
        s.counter.awaitAtLeast(s.sent);
        return s.sent;
    }
}
