package io.eventengine.reactor.internal;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import io.eventengine.reactor.FluxOptions;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * The cold flux of one topic pattern: every subscriber gets its own {@link TopicSubscription} (a handler registered on
 * subscribe). Not an API.
 */
public final class FluxTopic extends Flux<MessagePayload> implements Scannable {
    private final EventEngine engine;
    private final Topic topic;
    private final FluxOptions options;
    private final @Nullable Runnable afterRegister;

    private FluxTopic(EventEngine engine, Topic topic, FluxOptions options, @Nullable Runnable afterRegister) {
        this.engine = engine;
        this.topic = topic;
        this.options = options;
        this.afterRegister = afterRegister;
    }

    /**
     * The flux of {@code topic}; {@code afterRegister} runs after each subscriber's handler is registered (the
     * interval flux creates its timer there, so the first tick cannot slip past the subscriber).
     */
    public static Flux<MessagePayload> create(
            EventEngine engine, Topic topic, FluxOptions options, @Nullable Runnable afterRegister) {
        return onAssembly(new FluxTopic(engine, topic, options, afterRegister));
    }

    @Override
    public void subscribe(CoreSubscriber<? super MessagePayload> actual) {
        if (engine.isClosed()) {
            Operators.error(
                    actual,
                    new IllegalStateException("Cannot subscribe to '" + topic + "': engine " + engine
                            + " is closed and will never dispatch again; subscribe to a running engine"));
            return;
        }
        TopicSubscription subscription = new TopicSubscription(actual, engine, topic, options);
        actual.onSubscribe(subscription);
        subscription.register(afterRegister);
    }

    @Override
    @SuppressWarnings("rawtypes") // Scannable.Attr is generic; scanUnsafe takes it raw
    public @Nullable Object scanUnsafe(Attr key) {
        if (key == Attr.PREFETCH || key == Attr.CAPACITY) {
            return options.bufferSize();
        }
        if (key == Attr.RUN_STYLE) {
            return Attr.RunStyle.ASYNC;
        }
        if (key == Attr.NAME) {
            return "engineFlux(" + topic + ")";
        }
        return null;
    }

    @Override
    public String toString() {
        return "FluxTopic[" + topic + ", " + options.overflow() + ", buffer " + options.bufferSize() + "]";
    }
}
