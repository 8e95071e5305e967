package io.eventengine.reactor;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import io.eventengine.core.spi.EngineSupport;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * The cold flux of one topic pattern: every subscriber gets its own {@link TopicSubscription} (a handler registered on
 * subscribe). {@code T} is {@link MessagePayload} for {@link ReactorEngine#flux(Topic, FluxOptions)}, or the type of a
 * typed flux, whose {@code convert} returns null for the messages it skips.
 */
final class FluxTopic<T> extends Flux<T> implements Scannable {
    private final EngineSupport support;
    private final Topic topic;
    private final FluxOptions options;
    private final Function<MessagePayload, @Nullable T> convert;
    private final @Nullable Runnable afterRegister;

    private FluxTopic(
            EngineSupport support,
            Topic topic,
            FluxOptions options,
            Function<MessagePayload, @Nullable T> convert,
            @Nullable Runnable afterRegister) {
        this.support = support;
        this.topic = topic;
        this.options = options;
        this.convert = convert;
        this.afterRegister = afterRegister;
    }

    /**
     * The flux of {@code topic}, emitting {@code convert(message)} and skipping the messages it returns null for;
     * {@code afterRegister} runs after each subscriber's handler is registered (the interval flux creates its timer
     * there, so the first tick cannot slip past the subscriber).
     */
    static <T> Flux<T> create(
            EngineSupport support,
            Topic topic,
            FluxOptions options,
            Function<MessagePayload, @Nullable T> convert,
            @Nullable Runnable afterRegister) {
        return onAssembly(new FluxTopic<>(support, topic, options, convert, afterRegister));
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        EventEngine engine = support.engine();
        if (engine.isClosed()) {
            Operators.error(
                    actual,
                    new IllegalStateException("Cannot subscribe to '" + topic + "': engine " + engine
                            + " is closed and will never dispatch again; subscribe to a running engine"));
            return;
        }
        TopicSubscription<T> subscription = new TopicSubscription<>(actual, support, topic, options, convert);
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
