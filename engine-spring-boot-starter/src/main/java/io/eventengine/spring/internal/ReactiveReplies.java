package io.eventengine.spring.internal;

import io.eventengine.core.EventEngine;
import io.eventengine.core.Topic;
import io.eventengine.reactor.ReactorEngine;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The asynchronous results of one listener (a {@code Publisher}, a {@code CompletionStage}, a {@code suspend} call):
 * subscribed to at once; each element is published on the reply topic with {@link ReactorEngine#publish}, which waits
 * for room without blocking a thread, one element after the other. Only loaded when a listener returns such a type, so
 * Reactor stays optional.
 */
final class ReactiveReplies {
    private static final Logger log = LoggerFactory.getLogger(ReactiveReplies.class);

    private final @Nullable ReactorEngine rx;
    private final String description;

    ReactiveReplies(EventEngine engine, @Nullable Topic replyTo, String description) {
        this.rx = replyTo == null ? null : ReactorEngine.of(engine);
        this.description = description;
    }

    void subscribe(@Nullable Object returned, @Nullable Topic reply) {
        if (returned == null) {
            return;
        }
        Publisher<?> source = returned instanceof CompletionStage<?> stage
                ? Mono.fromCompletionStage(stage)
                : (Publisher<?>) returned;
        Flux<?> results = Flux.from(source);
        if (reply != null && rx != null) {
            ReactorEngine engine = rx;
            results = results.concatMap(value -> engine.publish(reply, List.of(value), Map.of()));
        }
        results.subscribe(ignored -> {}, this::failed);
    }

    private void failed(Throwable error) {
        log.warn("{} failed asynchronously: {}", description, error.toString(), error);
    }
}
