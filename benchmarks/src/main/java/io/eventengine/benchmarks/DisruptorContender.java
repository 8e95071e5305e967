package io.eventengine.benchmarks;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * LMAX Disruptor 4: a ring of {@link Contender#CAPACITY} pre-allocated slots, a single- or multi-producer sequencer to
 * match the scenario, and one event processor thread. For fan-out, that one processor calls every handler in turn:
 * the engine's model (one dispatcher, a hook's handlers in order), rather than the Disruptor's thread per handler,
 * which on a 2-core machine would measure the scheduler.
 */
final class DisruptorContender extends Contender {
    /** The Disruptor's event: a mutable slot pre-allocated in the ring. */
    static final class Slot {
        Object payload;
    }

    static final EventTranslatorOneArg<Slot, Object> TRANSLATOR = (slot, sequence, payload) -> slot.payload = payload;

    final Disruptor<Slot> disruptor;
    final RingBuffer<Slot> ring;

    DisruptorContender(String wait, int producers, int handlers) {
        super(handlers);
        WaitStrategy strategy = switch (wait) {
            case "blocking" -> new BlockingWaitStrategy(); // lock + condition: the Disruptor's default
            case "yielding" -> new YieldingWaitStrategy(); // spin 100, then Thread.yield
            default ->
                throw new IllegalArgumentException("Unknown wait strategy '" + wait + "': use blocking or yielding");
        };
        disruptor = new Disruptor<>(
                Slot::new,
                CAPACITY,
                DaemonThreadFactory.INSTANCE,
                producers == 1 ? ProducerType.SINGLE : ProducerType.MULTI,
                strategy);
        LongConsumer[] targets = new LongConsumer[handlers];
        for (int i = 0; i < handlers; i++) {
            targets[i] = handled::onEvent;
        }
        disruptor.handleEventsWith((slot, sequence, endOfBatch) -> {
            long value = (Long) slot.payload;
            for (LongConsumer target : targets) {
                target.accept(value);
            }
        });
        disruptor.start();
        ring = disruptor.getRingBuffer();
    }

    @Override
    public void publish(Object event) {
        ring.publishEvent(TRANSLATOR, event);
    }

    @Override
    public void close() {
        try {
            disruptor.shutdown(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            disruptor.halt();
        }
    }
}
