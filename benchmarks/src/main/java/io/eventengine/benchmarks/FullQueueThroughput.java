package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
import io.eventengine.core.Topic;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A producer that outpaces the dispatcher: one thread puts (blocking) without ever waiting for its messages to be
 * handled, so the queue stays full and every put past the first {@code capacity} waits for room. An op is one put; in
 * the steady state the put rate is the dispatch rate. The hand-off scenarios ({@link OneToOneThroughput}) never fill
 * the queue (a batch of 1,024 into 4,096, then a wait), so they do not exercise this path: how a waiting producer
 * retries (MpscMessageQueue) decides it, see docs/benchmarks.md, "A full queue".
 *
 * <p>Every message is accounted for at the end of the trial: handled = put.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class FullQueueThroughput {
    private static final Long EVENT = 7L;

    private final HandledCounter handled = new HandledCounter();
    private EventEngine engine;
    private Topic topic;
    private long sent;

    @Setup(Level.Trial)
    public void setUp() {
        topic = Topic.of("Bench.full");
        engine = EventEngine.builder().capacity(Contender.CAPACITY).build();
        engine.register(topic, msg -> handled.onEvent((Long) msg.get(0)));
        engine.start();
    }

    @Benchmark
    public void put() {
        engine.put(topic, EVENT);
        sent++;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        handled.awaitAtLeast(sent);
        engine.close();
        HandledCounter.check(handled, sent);
    }
}
