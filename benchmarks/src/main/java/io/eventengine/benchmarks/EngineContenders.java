package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventEngineBuilder;
import io.eventengine.core.EventHandler;
import io.eventengine.core.IdleStrategy;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Overflow;
import io.eventengine.core.Topic;
import io.eventengine.reactor.FluxOptions;
import io.eventengine.reactor.ReactorEngine;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.BaseSubscriber;

/** The engine as users get it: {@code put} on an exact topic, handlers registered directly or through {@code flux()}. */
final class EngineContenders {
    static final String TOPIC = "Market.Data.AAPL";

    private EngineContenders() {}

    /**
     * An engine with the defaults but for name and capacity. For experiments, {@code -Dbench.idle=spins,yields,park}
     * (e.g. {@code -jvmArgsAppend -Dbench.idle=0,2,true}) replaces the default {@link IdleStrategy}.
     */
    static EventEngine newEngine() {
        EventEngineBuilder builder = EventEngine.builder().name("bench").capacity(Contender.CAPACITY);
        String idle = System.getProperty("bench.idle");
        if (idle != null) {
            String[] parts = idle.split(",");
            if (parts.length != 3) {
                throw new IllegalArgumentException(
                        "-Dbench.idle must be spins,yields,park (e.g. 128,8,true), got '" + idle + "'");
            }
            builder.idleStrategy(new IdleStrategy(
                    Integer.parseInt(parts[0].trim()),
                    Integer.parseInt(parts[1].trim()),
                    Boolean.parseBoolean(parts[2].trim())));
        }
        return builder.build();
    }

    /**
     * {@code engine.put(topic, event)} (blocking: spins, then parks on a full queue); subclasses attach the handlers,
     * then start the engine.
     */
    abstract static class Put extends Contender {
        final EventEngine engine = newEngine();
        final Topic topic = Topic.of(TOPIC);

        Put(int handlers) {
            super(handlers);
        }

        @Override
        public void publish(Object event) {
            engine.put(topic, event);
        }

        @Override
        public void close() {
            engine.close();
        }
    }

    /** {@link Put} to {@code handlers} handlers registered on the exact topic. */
    static final class Direct extends Put {
        Direct(int handlers) {
            super(handlers);
            for (int i = 0; i < handlers; i++) {
                engine.register(topic, new Counting(handled));
            }
            engine.start();
        }
    }

    /** A distinct handler object per registration (the engine deduplicates equal handlers on a topic). */
    private static final class Counting implements EventHandler {
        private final HandledCounter handled;

        Counting(HandledCounter handled) {
            this.handled = handled;
        }

        @Override
        public void handle(MessagePayload message) {
            handled.onEvent((Long) message.get(0));
        }
    }

    /**
     * {@link Put}, each handler a {@code ReactorEngine.flux(topic)} subscriber requesting unbounded, with
     * a {@link Overflow#BLOCK} buffer of {@link Contender#CAPACITY} per subscriber.
     */
    static final class Flux extends Put {
        private final List<BaseSubscriber<MessagePayload>> subscribers = new ArrayList<>();

        Flux(int handlers) {
            super(handlers);
            ReactorEngine reactor = ReactorEngine.of(engine);
            for (int i = 0; i < handlers; i++) {
                var subscriber = new CountingSubscriber<MessagePayload>(handled, m -> (Long) m.get(0));
                reactor.flux(topic, FluxOptions.of(Overflow.BLOCK, CAPACITY)).subscribe(subscriber);
                subscribers.add(subscriber);
            }
            engine.start();
        }

        @Override
        public void close() {
            subscribers.forEach(BaseSubscriber::dispose);
            super.close();
        }
    }
}
