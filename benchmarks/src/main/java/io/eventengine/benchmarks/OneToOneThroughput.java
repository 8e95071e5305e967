package io.eventengine.benchmarks;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import io.eventengine.core.EventEngine;
import io.eventengine.core.Topic;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One producer (the JMH thread) to one handler on its own consumer thread, end to end: each invocation puts {@link
 * #BATCH} small events, then waits until the handler has counted them all ({@link HandledCounter}). The score is
 * events put <em>and handled</em> per second; every contender gets the same capacity, event, handler work and
 * completion protocol, so the scores can be quoted as ratios.
 *
 * <ul>
 *   <li>{@code engine}: {@link EventEngine#put(Topic, Object...)} to an exact topic with one handler, dispatcher with
 *       the default idle strategy ({@code backoff}: spin, yield, park) or {@code busySpin};
 *   <li>{@code disruptor}: LMAX Disruptor 4, single producer, with {@code BlockingWaitStrategy} (lock + condition, the
 *       Disruptor's default and the counterpart of the engine's parking), {@code YieldingWaitStrategy} or {@code
 *       BusySpinWaitStrategy} (the counterpart of the engine's {@code busySpin});
 *   <li>{@code mpscQueue}: the engine's own JCTools queue without the engine (diagnostic: what the engine adds);
 *   <li>{@code arrayBlockingQueue}: a JDK {@code ArrayBlockingQueue} hand-off, the floor.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OneToOneThroughput {
    /** Events per invocation: a quarter of the capacity, so a batch never waits for room. */
    public static final int BATCH = 1024;

    static final String TOPIC = "Market.Data.AAPL";

    @State(Scope.Benchmark)
    public static class EngineState {
        @Param({"backoff", "busySpin"})
        public String idle;

        final HandledCounter handled = new HandledCounter();
        EventEngine engine;
        Topic topic;
        long sent;

        @Setup(Level.Trial)
        public void setUp() {
            topic = Topic.of(TOPIC);
            engine = Peers.engine(idle, TOPIC, handled);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
            check(handled, sent);
        }
    }

    @State(Scope.Benchmark)
    public static class DisruptorState {
        @Param({"blocking", "yielding", "busySpin"})
        public String wait;

        final HandledCounter handled = new HandledCounter();
        Disruptor<Peers.Slot> disruptor;
        RingBuffer<Peers.Slot> ring;
        long sent;

        @Setup(Level.Trial)
        public void setUp() {
            disruptor = Peers.disruptor(wait, handled);
            ring = Peers.ring(disruptor);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            Peers.shutdown(disruptor);
            check(handled, sent);
        }
    }

    @State(Scope.Benchmark)
    public static class MpscState {
        final HandledCounter handled = new HandledCounter();
        Peers.MpscConsumer consumer;
        long sent;

        @Setup(Level.Trial)
        public void setUp() {
            consumer = new Peers.MpscConsumer(handled);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            consumer.close();
            check(handled, sent);
        }
    }

    @State(Scope.Benchmark)
    public static class QueueState {
        final HandledCounter handled = new HandledCounter();
        Peers.QueueConsumer consumer;
        long sent;

        @Setup(Level.Trial)
        public void setUp() {
            consumer = new Peers.QueueConsumer(handled);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            consumer.close();
            check(handled, sent);
        }
    }

    static void check(HandledCounter handled, long sent) {
        if (handled.handled() != sent) {
            throw new IllegalStateException("Handled " + handled.handled() + " events, sent " + sent);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void engine(EngineState s) {
        EventEngine engine = s.engine;
        Topic topic = s.topic;
        for (int i = 0; i < BATCH; i++) {
            engine.put(topic, Peers.EVENT);
        }
        s.handled.awaitAtLeast(s.sent += BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void disruptor(DisruptorState s) {
        RingBuffer<Peers.Slot> ring = s.ring;
        for (int i = 0; i < BATCH; i++) {
            ring.publishEvent(Peers.TRANSLATOR, Peers.EVENT);
        }
        s.handled.awaitAtLeast(s.sent += BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void mpscQueue(MpscState s) {
        var queue = s.consumer.queue;
        for (int i = 0; i < BATCH; i++) {
            while (!queue.offer(Peers.EVENT)) {
                Thread.onSpinWait();
            }
        }
        s.handled.awaitAtLeast(s.sent += BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void arrayBlockingQueue(QueueState s) throws InterruptedException {
        var queue = s.consumer.queue;
        for (int i = 0; i < BATCH; i++) {
            queue.put(Peers.EVENT);
        }
        s.handled.awaitAtLeast(s.sent += BATCH);
    }
}
