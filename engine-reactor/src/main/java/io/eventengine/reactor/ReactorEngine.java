package io.eventengine.reactor;

import io.eventengine.core.EngineClock;
import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Overflow;
import io.eventengine.core.PublishOptions;
import io.eventengine.core.QueueFullException;
import io.eventengine.core.SubscriberOverflowException;
import io.eventengine.core.Topic;
import io.eventengine.core.spi.EngineSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * An {@link EventEngine} seen from Reactor: a cold {@code Flux<MessagePayload>} per topic pattern (or a typed {@code
 * Flux<T>}), {@code Mono} publishing that never blocks a thread, and the engine's timers as interval Fluxes. A thin,
 * stateless view: create as many as you like; the engine's life cycle stays yours ({@code start()}, {@code close()}).
 *
 * <pre>{@code
 * ReactorEngine rx = ReactorEngine.of(engine);
 * Flux<Double> prices = rx.flux("Market.Data.{symbol}").map(m -> m.getDouble("price"));
 * Flux<Quote> quotes = rx.flux("Market.Quote.{symbol}", Quote.class);
 * Mono<Void> sent = rx.publish("Market.Data.AAPL", List.of(), Map.of("price", 189.5));
 * Mono<Boolean> queued = rx.tryPublish("Market.Quote.AAPL", quote);
 * }</pre>
 *
 * <p><b>Publishing.</b> The verbs are the engine's ({@link io.eventengine.core.EventPublisher}), with the same
 * overloads, as cold Monos: {@code publish} waits for room as the options say (the engine's {@link
 * EventEngine#publishOptions()} by default, or the call's {@link PublishOptions}) without blocking any thread, and
 * {@code tryPublish} never waits. Each subscription publishes once, so resubscribing publishes again. The arguments
 * are copied when the Mono is made (a varargs array too); the objects in them are not. A pattern topic is rejected at
 * once with {@link IllegalArgumentException}; a closed engine is an {@link IllegalStateException} error signal.
 *
 * <p><b>Subscribers.</b> Each subscriber of {@link #flux} registers its own handler on subscribe and unregisters it on
 * cancel, error or completion; messages dispatched before it subscribed are not replayed. Its handler runs on the
 * engine's dispatcher thread and fills the subscriber's own bounded buffer ({@link FluxOptions#bufferSize()}), which
 * {@code request(n)} drains, so the subscriber sees messages in publish order, on the dispatcher thread when it has
 * demand and on the requesting thread otherwise ({@code publishOn} to move off the dispatcher: time spent in {@code
 * onNext} there holds up every other subscriber). What a full buffer does is the subscriber's {@link Overflow} policy.
 * A flux completes when the engine closes, after the messages {@code close()} delivered; subscribing to a closed
 * engine is an error signal. Otherwise it never completes on its own: cancel it, use {@code take}/{@code
 * takeUntilOther}, or give it a completion topic ({@link FluxOptions#withCompleteOn}).
 *
 * <p><b>Typed subscribers: the skip rule.</b> {@link #flux(Topic, Class)} delivers the typed messages of a pattern: a
 * message whose only positional argument is an instance of the type ({@link MessagePayload#valueAs(Class)}; keyword
 * arguments do not matter) is delivered as that object. Every other message on the pattern (no argument, several, a
 * null one, or one of another type) is skipped before the subscriber's buffer: it takes neither demand nor buffer room,
 * is not counted as a drop, and does not fail the subscriber. So several typed subscribers may share a pattern, as on
 * a type-routed event bus.
 */
public final class ReactorEngine {
    /** Ticks a subscriber has no demand for are skipped, keeping the latest, like the engine's own missed ticks. */
    private static final FluxOptions INTERVAL_DEFAULTS = FluxOptions.of(Overflow.DROP_OLDEST, 1);

    private static final Function<MessagePayload, @Nullable MessagePayload> UNTYPED = m -> m;

    private final EventEngine engine;
    private final EngineSupport support;

    private ReactorEngine(EventEngine engine) {
        this.engine = engine;
        this.support = EngineSupport.of(engine);
    }

    /**
     * The Reactor view of {@code engine}.
     *
     * @param engine the engine to publish to and subscribe on
     * @return a view of it
     */
    public static ReactorEngine of(EventEngine engine) {
        return new ReactorEngine(Objects.requireNonNull(engine, "engine"));
    }

    /**
     * The engine behind this view.
     *
     * @return the engine
     */
    public EventEngine engine() {
        return engine;
    }

    // ---- subscribing ------------------------------------------------------------------------------------------

    /**
     * The messages on {@code pattern} (exact or pattern) with {@link FluxOptions#defaults()}: BLOCK, 256.
     *
     * @param pattern an exact topic or a pattern
     * @return a cold flux; see {@link #flux(Topic, FluxOptions)}
     */
    public Flux<MessagePayload> flux(Topic pattern) {
        return flux(pattern, FluxOptions.defaults());
    }

    /**
     * Same as {@link #flux(Topic)} with the pattern parsed by {@link Topic#of}.
     *
     * @param pattern an exact topic or a pattern, as text
     * @return a cold flux
     */
    public Flux<MessagePayload> flux(String pattern) {
        return flux(Topic.of(pattern));
    }

    /**
     * The messages on {@code pattern} (exact or pattern), each subscriber buffering as {@code options} say: a cold flux
     * whose subscribers each register a handler on subscribe. It fails a subscriber with {@link
     * SubscriberOverflowException} when its policy is {@link Overflow#FAIL} (or a {@link Overflow#BLOCK} wait ran out),
     * and at once with {@link IllegalStateException} when the engine is closed.
     *
     * @param pattern an exact topic or a pattern
     * @param options how each subscriber buffers
     * @return a cold flux
     */
    public Flux<MessagePayload> flux(Topic pattern, FluxOptions options) {
        return FluxTopic.create(support, nonNull(pattern, "pattern"), nonNull(options, "options"), UNTYPED, null);
    }

    /**
     * Same as {@link #flux(Topic, FluxOptions)} with the pattern parsed by {@link Topic#of}.
     *
     * @param pattern an exact topic or a pattern, as text
     * @param options how each subscriber buffers
     * @return a cold flux
     */
    public Flux<MessagePayload> flux(String pattern, FluxOptions options) {
        return flux(Topic.of(pattern), options);
    }

    /**
     * The typed messages on {@code pattern} with {@link FluxOptions#defaults()}: each message whose only positional
     * argument is a {@code type}, as that object; the others are skipped (the skip rule in the class documentation).
     *
     * @param pattern an exact topic or a pattern
     * @param type the type of the values delivered
     * @param <T> the type of the values delivered
     * @return a cold flux; see {@link #flux(Topic, Class, FluxOptions)}
     */
    public <T> Flux<T> flux(Topic pattern, Class<T> type) {
        return flux(pattern, type, FluxOptions.defaults());
    }

    /**
     * Same as {@link #flux(Topic, Class)} with the pattern parsed by {@link Topic#of}.
     *
     * @param pattern an exact topic or a pattern, as text
     * @param type the type of the values delivered
     * @param <T> the type of the values delivered
     * @return a cold flux
     */
    public <T> Flux<T> flux(String pattern, Class<T> type) {
        return flux(Topic.of(pattern), type);
    }

    /**
     * The typed messages on {@code pattern}, each subscriber buffering as {@code options} say: {@link
     * MessagePayload#valueAs(Class) valueAs(type)} of each message it is not null for. Skipped messages never reach the
     * subscriber's buffer, so they take no demand and no buffer room, and are not counted in {@link
     * io.eventengine.core.EngineStats#subscriberDrops()}; the overflow policy applies to the delivered values only. The
     * buffered values are what Reactor's discard hook receives. Otherwise the same as {@link #flux(Topic,
     * FluxOptions)}.
     *
     * @param pattern an exact topic or a pattern
     * @param type the type of the values delivered
     * @param options how each subscriber buffers
     * @param <T> the type of the values delivered
     * @return a cold flux
     */
    public <T> Flux<T> flux(Topic pattern, Class<T> type, FluxOptions options) {
        nonNull(type, "type");
        return FluxTopic.create(
                support, nonNull(pattern, "pattern"), nonNull(options, "options"), m -> m.valueAs(type), null);
    }

    /**
     * Same as {@link #flux(Topic, Class, FluxOptions)} with the pattern parsed by {@link Topic#of}.
     *
     * @param pattern an exact topic or a pattern, as text
     * @param type the type of the values delivered
     * @param options how each subscriber buffers
     * @param <T> the type of the values delivered
     * @return a cold flux
     */
    public <T> Flux<T> flux(String pattern, Class<T> type, FluxOptions options) {
        return flux(Topic.of(pattern), type, options);
    }

    // ---- publish ----------------------------------------------------------------------------------------------

    /**
     * A Mono that, for each subscription, publishes one message with {@code args} and {@code kwargs} on the exact
     * {@code topic}, waiting for room as {@code options} say, and completes once it is queued (not yet dispatched).
     * It never blocks a thread: on a full queue it waits for the engine's call back when the dispatcher frees room,
     * and then completes on the dispatcher thread ({@code publishOn} before heavy work).
     *
     * <ul>
     *   <li>{@link PublishOptions#NON_BLOCKING} ({@link Duration#ZERO}): a full queue fails at once with {@link
     *       QueueFullException};
     *   <li>{@link PublishOptions#waitAtMost(Duration) waitAtMost(t)}: it fails with {@link QueueFullException} when
     *       the queue stayed full for {@code t} (from the subscription), counted once in {@link
     *       io.eventengine.core.EngineStats#rejectedPuts()} however many times it retried;
     *   <li>{@link PublishOptions#BLOCKING} ({@link EventEngine#FOREVER}): it waits until there is room, also while
     *       the engine is stopped.
     * </ul>
     *
     * <p>A publish that gives up queues nothing. On a closed engine, and at once when the engine closes while it waits,
     * it fails with the engine's {@link IllegalStateException}. Cancel it to stop waiting: a cancelled wait queues
     * nothing and is not counted. {@link PublishOptions#maxSpin()} is ignored: nothing spins here.
     *
     * @param topic an exact topic
     * @param args positional arguments, copied now
     * @param kwargs keyword arguments, copied now
     * @param options how long to wait for room
     * @return a cold Mono publishing once per subscription
     * @throws IllegalArgumentException at once when {@code topic} is a pattern
     */
    public Mono<Void> publish(Topic topic, List<?> args, Map<String, ?> kwargs, PublishOptions options) {
        return MonoPublish.create(
                support, nonNull(topic, "topic"), copyOf(args), copyOf(kwargs), nonNull(options, "options"));
    }

    /**
     * Same as {@link #publish(Topic, List, Map, PublishOptions)} with the topic parsed by {@link Topic#of}.
     *
     * @param topic an exact topic, as text
     * @param args positional arguments, copied now
     * @param kwargs keyword arguments, copied now
     * @param options how long to wait for room
     * @return a cold Mono publishing once per subscription
     */
    public Mono<Void> publish(String topic, List<?> args, Map<String, ?> kwargs, PublishOptions options) {
        return publish(Topic.of(topic), args, kwargs, options);
    }

    /**
     * Publishes positional {@code args}, waiting as the engine's {@link EventEngine#publishOptions()} say; see {@link
     * #publish(Topic, List, Map, PublishOptions)}. One object alone is a typed message ({@link #flux(Topic, Class)}).
     *
     * @param topic an exact topic
     * @param args positional arguments, copied now
     * @return a cold Mono publishing once per subscription
     */
    public Mono<Void> publish(Topic topic, @Nullable Object... args) {
        return publish(topic, argList(args), Map.of(), engine.publishOptions());
    }

    /**
     * Same as {@link #publish(Topic, Object...)} with the topic parsed by {@link Topic#of}.
     *
     * @param topic an exact topic, as text
     * @param args positional arguments, copied now
     * @return a cold Mono publishing once per subscription
     */
    public Mono<Void> publish(String topic, @Nullable Object... args) {
        return publish(Topic.of(topic), argList(args), Map.of(), engine.publishOptions());
    }

    /**
     * Publishes {@code args} and {@code kwargs}, waiting as the engine's {@link EventEngine#publishOptions()} say; see
     * {@link #publish(Topic, List, Map, PublishOptions)}.
     *
     * @param topic an exact topic
     * @param args positional arguments, copied now
     * @param kwargs keyword arguments, copied now
     * @return a cold Mono publishing once per subscription
     */
    public Mono<Void> publish(Topic topic, List<?> args, Map<String, ?> kwargs) {
        return publish(topic, args, kwargs, engine.publishOptions());
    }

    /**
     * Same as {@link #publish(Topic, List, Map)} with the topic parsed by {@link Topic#of}.
     *
     * @param topic an exact topic, as text
     * @param args positional arguments, copied now
     * @param kwargs keyword arguments, copied now
     * @return a cold Mono publishing once per subscription
     */
    public Mono<Void> publish(String topic, List<?> args, Map<String, ?> kwargs) {
        return publish(Topic.of(topic), args, kwargs, engine.publishOptions());
    }

    /**
     * Publishes positional {@code args}, waiting as {@code options} say; see {@link #publish(Topic, List, Map,
     * PublishOptions)}.
     *
     * @param topic an exact topic
     * @param options how long to wait for room
     * @param args positional arguments, copied now
     * @return a cold Mono publishing once per subscription
     */
    public Mono<Void> publish(Topic topic, PublishOptions options, @Nullable Object... args) {
        return publish(topic, argList(args), Map.of(), options);
    }

    /**
     * Same as {@link #publish(Topic, PublishOptions, Object...)} with the topic parsed by {@link Topic#of}.
     *
     * @param topic an exact topic, as text
     * @param options how long to wait for room
     * @param args positional arguments, copied now
     * @return a cold Mono publishing once per subscription
     */
    public Mono<Void> publish(String topic, PublishOptions options, @Nullable Object... args) {
        return publish(Topic.of(topic), argList(args), Map.of(), options);
    }

    // ---- tryPublish -------------------------------------------------------------------------------------------

    /**
     * A Mono that, for each subscription, publishes one message with {@code args} and {@code kwargs} on the exact
     * {@code topic} if the queue has room now, and emits whether it did: {@code true} queued, {@code false} the queue
     * was full and nothing was queued (one {@link io.eventengine.core.EngineStats#rejectedPuts() rejected put}). It
     * never waits. On a closed engine it fails with {@link IllegalStateException}.
     *
     * @param topic an exact topic
     * @param args positional arguments, copied now
     * @param kwargs keyword arguments, copied now
     * @return a cold Mono emitting one boolean per subscription
     * @throws IllegalArgumentException at once when {@code topic} is a pattern
     */
    public Mono<Boolean> tryPublish(Topic topic, List<?> args, Map<String, ?> kwargs) {
        MonoPublish.requireExact(nonNull(topic, "topic"));
        List<?> a = copyOf(args);
        Map<String, ?> k = copyOf(kwargs);
        return Mono.fromCallable(() -> engine.tryPublish(topic, a, k));
    }

    /**
     * Same as {@link #tryPublish(Topic, List, Map)} with the topic parsed by {@link Topic#of}.
     *
     * @param topic an exact topic, as text
     * @param args positional arguments, copied now
     * @param kwargs keyword arguments, copied now
     * @return a cold Mono emitting one boolean per subscription
     */
    public Mono<Boolean> tryPublish(String topic, List<?> args, Map<String, ?> kwargs) {
        return tryPublish(Topic.of(topic), args, kwargs);
    }

    /**
     * Publishes positional {@code args} if the queue has room now; see {@link #tryPublish(Topic, List, Map)}.
     *
     * @param topic an exact topic
     * @param args positional arguments, copied now
     * @return a cold Mono emitting one boolean per subscription
     */
    public Mono<Boolean> tryPublish(Topic topic, @Nullable Object... args) {
        return tryPublish(topic, argList(args), Map.of());
    }

    /**
     * Same as {@link #tryPublish(Topic, Object...)} with the topic parsed by {@link Topic#of}.
     *
     * @param topic an exact topic, as text
     * @param args positional arguments, copied now
     * @return a cold Mono emitting one boolean per subscription
     */
    public Mono<Boolean> tryPublish(String topic, @Nullable Object... args) {
        return tryPublish(Topic.of(topic), argList(args), Map.of());
    }

    // ---- publishAll -------------------------------------------------------------------------------------------

    /**
     * Publishes every item of {@code source} as the message {@code mapper} makes of it (use {@link
     * MessagePayload#of(Topic, Object...)}; only its topic, args and kwargs are used, the engine stamps the rest), in
     * order. It requests from the source only what the engine's queue has room for ({@code capacity - occupancy}, and
     * nothing while it is full), never blocks a thread and never drops: an item that finds the queue full waits for
     * room (the engine calls it back when the dispatcher frees some), and such waits are never counted as rejected
     * puts. The Mono completes when every item was queued (not yet dispatched); a source error is signalled after the
     * items before it were queued; a mapper or engine failure (closed engine, pattern topic) cancels the source and
     * fails the Mono. Cancelling it cancels the source.
     *
     * @param source the items to publish
     * @param mapper makes the message of an item
     * @param <T> the type of the items
     * @return a cold Mono publishing the source once per subscription
     */
    public <T> Mono<Void> publishAll(Publisher<T> source, Function<? super T, MessagePayload> mapper) {
        return MonoPublishAll.create(support, nonNull(source, "source"), nonNull(mapper, "mapper"));
    }

    // ---- timers -----------------------------------------------------------------------------------------------

    /**
     * The engine's timer for {@code period} ({@link EventEngine#timer(Duration)}) as a Flux: 1 s and 60 s ticks are
     * aligned to wall-clock seconds and minutes ({@code EventEngine.Internal.Timer.Second}/{@code .Minute}, kwargs
     * {@code interval} and {@code timestamp}), others tick from the timer's creation ({@code trigger_time}). Ticks come
     * while the engine runs. A subscriber registers before the timer is first created, so it sees a new timer's first
     * tick. Ticks it has no demand for are skipped, keeping the latest ({@link Overflow#DROP_OLDEST} with a buffer of
     * 1), and counted in {@link io.eventengine.core.EngineStats#subscriberDrops()}.
     *
     * @param period the timer's interval
     * @return a cold flux of ticks
     * @throws IllegalArgumentException unless {@code period} is a positive whole number of milliseconds
     */
    public Flux<MessagePayload> interval(Duration period) {
        return interval(period, INTERVAL_DEFAULTS);
    }

    /**
     * Like {@link #interval(Duration)}, buffering as {@code options} say.
     *
     * @param period the timer's interval
     * @param options how each subscriber buffers
     * @return a cold flux of ticks
     * @throws IllegalArgumentException unless {@code period} is a positive whole number of milliseconds
     */
    public Flux<MessagePayload> interval(Duration period, FluxOptions options) {
        Topic topic = support.timerTopic(nonNull(period, "period"));
        return FluxTopic.create(support, topic, nonNull(options, "options"), UNTYPED, () -> engine.timer(period));
    }

    /**
     * An {@link EngineClock} on {@code scheduler}'s clock, for {@code EventEngine.builder().clock(...)}: with a {@code
     * VirtualTimeScheduler}, {@code StepVerifier.withVirtualTime(..., () -> vts, n).thenAwait(period)} drives the
     * engine's timers, one period per {@code thenAwait} (the timer thread wakes asynchronously; advancing several
     * periods at once skips the missed ticks, as the engine always does). Timestamps of published messages use it too.
     *
     * @param scheduler the scheduler whose clock the engine reads and sleeps on
     * @return a clock for the engine's builder
     */
    public static EngineClock schedulerClock(Scheduler scheduler) {
        return new SchedulerClock(scheduler);
    }

    private static <T> T nonNull(T value, String name) {
        return Objects.requireNonNull(value, name);
    }

    /** A copy of positional arguments (nulls allowed), unmodifiable. */
    private static List<@Nullable Object> copyOf(List<?> args) {
        return Collections.unmodifiableList(new ArrayList<@Nullable Object>(nonNull(args, "args")));
    }

    /** A copy of keyword arguments in their order (null values allowed), unmodifiable. */
    private static Map<String, @Nullable Object> copyOf(Map<String, ?> kwargs) {
        return Collections.unmodifiableMap(new LinkedHashMap<String, @Nullable Object>(nonNull(kwargs, "kwargs")));
    }

    /**
     * A varargs array as a list (the verbs copy it). A {@code null} array is what Java passes for a single {@code null}
     * argument written without a cast, so it is read as that one argument, as the engine does.
     */
    private static List<@Nullable Object> argList(@Nullable Object @Nullable [] args) {
        return args == null ? Collections.singletonList(null) : Arrays.asList(args);
    }

    @Override
    public String toString() {
        return "ReactorEngine[" + engine + "]";
    }
}
