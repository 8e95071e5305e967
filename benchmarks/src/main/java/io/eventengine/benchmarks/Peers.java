package io.eventengine.benchmarks;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import io.eventengine.core.EventEngine;
import io.eventengine.core.IdleStrategy;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

/** Builders for the engine and its peers, configured alike: same capacity, one consumer thread, same handler work. */
final class Peers {
    /** Queue / ring capacity of every contender (the engine's default, a power of two). */
    static final int CAPACITY = 4096;

    /** The event: a small immutable object created once, so no contender pays for building it. */
    static final Long EVENT = 42L;

    private Peers() {}

    static IdleStrategy idleStrategy(String name) {
        return switch (name) {
            case "backoff" -> IdleStrategy.backoff();
            case "busySpin" -> IdleStrategy.busySpin();
            case "parking" -> IdleStrategy.parking();
            default -> throw new IllegalArgumentException("Unknown idle strategy '" + name + "'");
        };
    }

    /** A started engine whose one handler on {@code topic} counts into {@code counter}. */
    static EventEngine engine(String idle, String topic, HandledCounter counter) {
        EventEngine engine = EventEngine.builder()
                .name("bench")
                .capacity(CAPACITY)
                .idleStrategy(idleStrategy(idle))
                .build();
        engine.register(topic, msg -> counter.onEvent((Long) msg.get(0)));
        engine.start();
        return engine;
    }

    /** The Disruptor's event: a mutable slot pre-allocated in the ring. */
    static final class Slot {
        Object payload;
    }

    static final EventTranslatorOneArg<Slot, Object> TRANSLATOR = (slot, sequence, payload) -> slot.payload = payload;

    static WaitStrategy waitStrategy(String name) {
        return switch (name) {
            case "blocking" -> new BlockingWaitStrategy();
            case "yielding" -> new YieldingWaitStrategy();
            case "busySpin" -> new BusySpinWaitStrategy();
            default -> throw new IllegalArgumentException("Unknown wait strategy '" + name + "'");
        };
    }

    /** A started single-producer Disruptor whose one handler counts into {@code counter}. */
    static Disruptor<Slot> disruptor(String wait, HandledCounter counter) {
        Disruptor<Slot> disruptor = new Disruptor<>(
                Slot::new, CAPACITY, DaemonThreadFactory.INSTANCE, ProducerType.SINGLE, waitStrategy(wait));
        disruptor.handleEventsWith((slot, sequence, endOfBatch) -> counter.onEvent((Long) slot.payload));
        disruptor.start();
        return disruptor;
    }

    static void shutdown(Disruptor<Slot> disruptor) {
        try {
            disruptor.shutdown(10, TimeUnit.SECONDS);
        } catch (com.lmax.disruptor.TimeoutException e) {
            disruptor.halt();
        }
    }

    static RingBuffer<Slot> ring(Disruptor<Slot> disruptor) {
        return disruptor.getRingBuffer();
    }

    /**
     * The engine's queue without the engine: a JCTools {@code MpscAtomicArrayQueue} drained in batches by one consumer
     * thread that spins 100 times, then yields on an empty queue (the Disruptor's {@code YieldingWaitStrategy}). The
     * gap between this and the engine is what the engine adds on top of its queue.
     */
    static final class MpscConsumer implements AutoCloseable {
        final MpscAtomicArrayQueue<Object> queue = new MpscAtomicArrayQueue<>(CAPACITY);
        private final Thread thread;
        private volatile boolean running = true;

        MpscConsumer(HandledCounter counter) {
            MessagePassingQueue.Consumer<Object> handler = item -> counter.onEvent((Long) item);
            thread = new Thread(
                    () -> {
                        int idle = 0;
                        while (running) {
                            if (queue.drain(handler, 256) > 0) {
                                idle = 0;
                            } else if (++idle < 100) {
                                Thread.onSpinWait();
                            } else {
                                Thread.yield();
                            }
                        }
                        while (!queue.isEmpty()) {
                            queue.drain(handler, 256);
                        }
                    },
                    "mpsc-consumer");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The floor: a JDK ArrayBlockingQueue handed to one consumer thread. */
    static final class QueueConsumer implements AutoCloseable {
        private static final Object STOP = new Object();

        final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
        private final Thread thread;

        QueueConsumer(HandledCounter counter) {
            thread = new Thread(
                    () -> {
                        try {
                            while (true) {
                                Object item = queue.take();
                                if (item == STOP) {
                                    return;
                                }
                                counter.onEvent((Long) item);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "abq-consumer");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() {
            try {
                queue.put(STOP);
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
