package io.eventengine.benchmarks;

import java.util.concurrent.ArrayBlockingQueue;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

/**
 * Bare queues with a hand-written consumer loop: no routing, no payload; for fan-out the loop calls each handler in
 * turn, as the engine's dispatcher does.
 */
final class QueueContenders {
    private QueueContenders() {}

    static void handle(HandledCounter handled, int handlers, Object item) {
        long value = (Long) item;
        for (int i = 0; i < handlers; i++) {
            handled.onEvent(value);
        }
    }

    /** The floor: a JDK {@code ArrayBlockingQueue} ({@code put} / {@code take}) handed to one consumer thread. */
    static final class Blocking extends Contender {
        private static final Object STOP = new Object();

        private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY);
        private final Thread thread;

        Blocking(int handlers) {
            super(handlers);
            thread = new Thread(
                    () -> {
                        try {
                            for (Object item; (item = queue.take()) != STOP; ) {
                                handle(handled, handlers, item);
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
        public void publish(Object event) {
            try {
                queue.put(event);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while putting", e);
            }
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

    /**
     * The engine's own queue without the engine (a diagnostic: the gap is what the engine adds): JCTools {@code
     * MpscAtomicArrayQueue}, drained in batches by a consumer that spins 100 times, then yields on an empty queue (the
     * Disruptor's {@code YieldingWaitStrategy}).
     */
    static final class Mpsc extends Contender {
        private final MpscAtomicArrayQueue<Object> queue = new MpscAtomicArrayQueue<>(CAPACITY);
        private final Thread thread;
        private volatile boolean running = true;

        Mpsc(int handlers) {
            super(handlers);
            MessagePassingQueue.Consumer<Object> handler = item -> handle(handled, handlers, item);
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
                    },
                    "mpsc-consumer");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void publish(Object event) {
            for (int attempt = 0; !queue.offer(event); attempt++) {
                backOff(attempt);
            }
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
}
