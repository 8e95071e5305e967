package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
import io.eventengine.core.Topic;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;
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

/**
 * Diagnostic: the CPU cost per message of the engine's own code (put, then dispatch through the route cache and the
 * hook to the handler), with producer and consumer on one thread, so no core hand-off, wake-up or scheduling noise is
 * measured. Each invocation puts {@link #BATCH} messages into a stopped engine and then delivers them on the same
 * thread ({@code stop(drain = true)} on a stopped engine). The peer does the same with the engine's bare JCTools
 * queue and the same handler; the difference is what the engine adds per message.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SameThreadPutDispatch {
    public static final int BATCH = 256;

    static final String TOPIC = "Market.Data.AAPL";

    @State(Scope.Thread)
    public static class EngineState {
        final HandledCounter handled = new HandledCounter();
        EventEngine engine;
        Topic topic;
        long sent;

        @Setup(Level.Trial)
        public void setUp() {
            topic = Topic.of(TOPIC);
            engine = EventEngine.builder().capacity(Contender.CAPACITY).build(); // never started
            engine.register(TOPIC, msg -> handled.onEvent((Long) msg.get(0)));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
            HandledCounter.check(handled, sent);
        }
    }

    @State(Scope.Thread)
    public static class MpscState {
        final HandledCounter handled = new HandledCounter();
        final MpscAtomicArrayQueue<Object> queue = new MpscAtomicArrayQueue<>(Contender.CAPACITY);
        final MessagePassingQueue.Consumer<Object> handler = item -> handled.onEvent((Long) item);
        long sent;

        @TearDown(Level.Trial)
        public void tearDown() {
            HandledCounter.check(handled, sent);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int engine(EngineState s) {
        EventEngine engine = s.engine;
        for (int i = 0; i < BATCH; i++) {
            engine.put(s.topic, Contender.EVENT);
        }
        s.sent += BATCH;
        return engine.stop(true, EventEngine.FOREVER); // drains everything on this thread (ZERO would drain ~nothing)
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int mpscQueue(MpscState s) {
        var queue = s.queue;
        for (int i = 0; i < BATCH; i++) {
            queue.offer(Contender.EVENT);
        }
        s.sent += BATCH;
        return queue.drain(s.handler, BATCH);
    }
}
