package io.eventengine.core;

import java.util.Objects;

/**
 * The engine's handler for a {@link TypedHandler}: calls it with the messages whose one positional argument is an
 * instance of the type ({@link MessagePayload#valueAs}), and skips the others, as a type-routed event bus does (a
 * pattern such as {@code Market.**} may carry quotes and trades; each typed subscriber sees its own type).
 */
final class TypeFilter<T> implements EventHandler {
    private final Class<T> type;
    private final TypedHandler<? super T> handler;

    TypeFilter(Class<T> type, TypedHandler<? super T> handler) {
        this.type = Objects.requireNonNull(type, "type");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public void handle(MessagePayload message) throws Exception {
        T value = message.valueAs(type);
        if (value != null) {
            handler.handle(value);
        }
    }

    @Override
    public String toString() {
        return handler + " (for " + type.getName() + ")";
    }
}
