package io.eventengine.samples.dashboard;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import io.eventengine.core.EngineStats;
import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Overflow;
import io.eventengine.core.PublishOptions;
import io.eventengine.core.QueueFullException;
import io.eventengine.core.Topic;
import io.eventengine.reactor.FluxOptions;
import io.eventengine.reactor.ReactorEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The HTTP API:
 *
 * <ul>
 *   <li>{@code GET /api/stream?pattern=P}: Server-Sent Events, one JSON {@code message} event per engine message on
 *       pattern {@code P} (default {@code Market.**}) and a {@code heartbeat} event per second from the engine's
 *       one-second timer as an interval Flux;
 *   <li>{@code POST /api/publish/{topic}} with a JSON body {@code {"args": [...], "kwargs": {...}}} (both optional):
 *       publishes on the exact topic; 202 when queued;
 *   <li>{@code GET /api/stats}: the engine's statistics and the feed's counters as JSON (the page's charts sample it
 *       every second);
 *   <li>{@code GET /api/history}: each symbol's recent prices ({@link PriceHistory}), to draw the price lines at once;
 *   <li>{@code GET /api/pattern?pattern=P}: checks a pattern (the page asks before it subscribes).
 * </ul>
 *
 * Errors, each a JSON {@code {"error": "..."}} naming what was wrong and what to do:
 *
 * <ul>
 *   <li>403: a publish on the engine's own topics ({@code EventEngine.Internal.**});
 *   <li>400: an invalid pattern or topic ({@code TopicSyntaxException}'s message), publishing on a pattern, or a body
 *       that is not the documented JSON object ({@link PublishRequest} says what is accepted);
 *   <li>413: a body over Spring's codec limit ({@code spring.http.codecs.max-in-memory-size}, 256 KiB by default), with the
 *       limit in the message;
 *   <li>503 with {@code Retry-After: 1}: the engine's queue is full ({@link QueueFullException}): retry shortly;
 *   <li>503 without {@code Retry-After}: the engine is closed, the application is shutting down.
 * </ul>
 *
 * <p>Each SSE client gets its own bounded buffer ({@code dashboard.sse.buffer}, 256 by default) with {@link
 * Overflow#DROP_OLDEST}: a client that reads too slowly loses its oldest undelivered messages (counted in {@code
 * subscriberDrops}), and never holds up the dispatcher, the feed or the other clients.
 */
@Configuration(proxyBeanMethods = false)
public class DashboardApi {
    static final String DEFAULT_PATTERN = "Market.**";
    /** The engine's own topics (timers): a POST must not fake the heartbeat every client sees. */
    static final Topic INTERNAL = Topic.of("EventEngine.Internal.**");

    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final byte[] NO_BODY = new byte[0];

    private final ReactorEngine rx;
    private final EventEngine engine;
    private final MarketFeed feed;
    private final PriceHistory history;
    private final FluxOptions clientOptions;
    private final DataSize maxBody;

    /**
     * {@code maxBody} only names the limit in the 413 message: Spring's codecs enforce it (256 KiB is their default
     * when the property is not set).
     */
    DashboardApi(
            ReactorEngine rx,
            MarketFeed feed,
            PriceHistory history,
            @Value("${dashboard.sse.buffer:256}") int buffer,
            @Value("${spring.http.codecs.max-in-memory-size:256KB}") DataSize maxBody) {
        this.rx = rx;
        this.maxBody = maxBody;
        this.engine = rx.engine();
        this.feed = feed;
        this.history = history;
        this.clientOptions = FluxOptions.of(Overflow.DROP_OLDEST, buffer);
    }

    @Bean
    RouterFunction<ServerResponse> dashboardRoutes() {
        ClassPathResource page = new ClassPathResource("static/index.html");
        ClassPathResource icon = new ClassPathResource("static/favicon.svg");
        return route(
                        GET("/"),
                        request -> ServerResponse.ok()
                                .contentType(MediaType.TEXT_HTML)
                                .bodyValue(page))
                // browsers ask for /favicon.ico whatever the page links: the same icon, no 404 in their console
                .andRoute(
                        GET("/favicon.ico"),
                        request -> ServerResponse.ok()
                                .contentType(MediaType.valueOf("image/svg+xml"))
                                .bodyValue(icon))
                .andRoute(GET("/api/stream"), this::stream)
                .andRoute(
                        GET("/api/history"),
                        request -> ServerResponse.ok()
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(history.snapshot()))
                .andRoute(POST("/api/publish/{topic}"), this::publish)
                .andRoute(GET("/api/stats"), this::stats)
                .andRoute(GET("/api/pattern"), this::checkPattern);
    }

    Mono<ServerResponse> stream(ServerRequest request) {
        Topic pattern;
        try {
            pattern = Topic.of(request.queryParam("pattern").orElse(DEFAULT_PATTERN));
        } catch (IllegalArgumentException e) {
            return badRequest(e);
        }
        Flux<ServerSentEvent<Map<String, Object>>> messages = rx.flux(pattern, clientOptions)
                .map(m -> ServerSentEvent.<Map<String, Object>>builder(toJson(m))
                        .event("message")
                        .id(Long.toString(m.seqId()))
                        .build());
        Flux<ServerSentEvent<Map<String, Object>>> heartbeat = rx.interval(HEARTBEAT)
                .map(tick -> ServerSentEvent.<Map<String, Object>>builder(toJson(tick))
                        .event("heartbeat")
                        .build());
        // A comment first, so the client sees the stream open before the first message.
        Flux<ServerSentEvent<Map<String, Object>>> events = Flux.concat(
                Mono.just(ServerSentEvent.<Map<String, Object>>builder()
                        .comment("subscribed to " + pattern)
                        .build()),
                Flux.merge(messages, heartbeat));
        return ServerResponse.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .body(BodyInserters.fromServerSentEvents(events));
    }

    Mono<ServerResponse> publish(ServerRequest request) {
        String literal = request.pathVariable("topic");
        try {
            Topic topic = PublishRequest.topic(literal); // a bad topic is refused before the body is read
            if (INTERNAL.matches(topic)) {
                return ServerResponse.status(HttpStatus.FORBIDDEN)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of(
                                "error",
                                "Topic " + topic + " is one of the engine's own (" + INTERNAL
                                        + "): only the engine publishes there; publish on another topic"));
            }
        } catch (BadPublishRequestException e) {
            return badRequest(e);
        }
        // The raw bytes, so PublishRequest does all the parsing; Spring's codec limit still applies to them.
        return request.bodyToMono(byte[].class)
                .defaultIfEmpty(NO_BODY)
                .map(body -> PublishRequest.parse(literal, body))
                .flatMap(p -> rx.publish(p.topic(), p.args(), p.kwargs(), PublishOptions.NON_BLOCKING)
                        // the engine's only IllegalStateException here: closed (the app is shutting down)
                        .onErrorMap(IllegalStateException.class, EngineClosedException::new)
                        .then(ServerResponse.accepted()
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("topic", p.topic().toString(), "queued", true))))
                .onErrorResume(
                        QueueFullException.class,
                        e -> ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                                .header(HttpHeaders.RETRY_AFTER, "1")
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(error(e)))
                .onErrorResume(
                        EngineClosedException.class,
                        e -> ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE) // no Retry-After: it stays closed
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(error(e)))
                // Spring's buffer limit (an IllegalStateException, which used to land in the 503 branch above)
                .onErrorResume(
                        DataBufferLimitException.class,
                        e -> ServerResponse.status(HttpStatus.CONTENT_TOO_LARGE)
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(Map.of("error", tooLarge())))
                .onErrorResume(BadPublishRequestException.class, DashboardApi::badRequest);
    }

    private String tooLarge() {
        long bytes = maxBody.toBytes();
        String size = bytes % (1024 * 1024) == 0
                ? " (" + bytes / (1024 * 1024) + " MiB)"
                : bytes % 1024 == 0 ? " (" + bytes / 1024 + " KiB)" : "";
        return "The request body is over the dashboard's limit of " + bytes + " bytes" + size
                + ": publish fewer or smaller args per request, or raise spring.http.codecs.max-in-memory-size";
    }

    /** Publishing after the engine closed: the application is shutting down. */
    private static final class EngineClosedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EngineClosedException(IllegalStateException cause) {
            super(cause.getMessage() + " (the dashboard is shutting down; publish to a running instance)", cause);
        }
    }

    Mono<ServerResponse> stats(ServerRequest request) {
        EngineStats s = engine.stats();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("published", s.published());
        json.put("dispatched", s.dispatched());
        json.put("handlerFailures", s.handlerFailures());
        json.put("rejectedPuts", s.rejectedPuts());
        json.put("timerTicksDropped", s.timerTicksDropped());
        json.put("subscriberDrops", s.subscriberDrops());
        json.put("occupancy", s.occupancy());
        json.put("capacity", s.capacity());
        json.put("feedPublished", feed.published());
        json.put("feedRejected", feed.rejected());
        List<Map<String, Object>> hooks = new ArrayList<>();
        s.hooks().forEach(h -> {
            Map<String, Object> hook = new LinkedHashMap<>();
            hook.put("topic", h.topic().toString());
            hook.put("handlers", h.handlers().size());
            hook.put("triggers", h.triggers());
            hook.put("failures", h.failures());
            hook.put("meanNanos", h.triggers() == 0 ? 0 : h.totalNanos() / h.triggers());
            hooks.add(hook);
        });
        json.put("hooks", hooks);
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json);
    }

    Mono<ServerResponse> checkPattern(ServerRequest request) {
        try {
            Topic pattern = Topic.of(request.queryParam("pattern").orElse(DEFAULT_PATTERN));
            return ServerResponse.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("pattern", pattern.toString(), "exact", pattern.isExact()));
        } catch (IllegalArgumentException e) {
            return badRequest(e);
        }
    }

    private static Mono<ServerResponse> badRequest(Throwable e) {
        return ServerResponse.badRequest()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(error(e));
    }

    private static Map<String, Object> error(Throwable e) {
        return Map.of("error", String.valueOf(e.getMessage()));
    }

    /** A message as JSON values: numbers, strings, booleans, lists and maps as they are, anything else as text. */
    static Map<String, Object> toJson(MessagePayload m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("topic", m.topic().toString());
        json.put("seqId", m.seqId());
        json.put("parentSeqId", m.parentSeqId());
        json.put("timestamp", m.timestamp().toString());
        json.put("args", jsonValue(m.args()));
        json.put("kwargs", jsonValue(m.kwargs()));
        return json;
    }

    private static @Nullable Object jsonValue(@Nullable Object value) {
        if (value == null || value instanceof Number || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof List<?> list) {
            List<@Nullable Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(jsonValue(v)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, @Nullable Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), jsonValue(v)));
            return out;
        }
        return value.toString();
    }
}
