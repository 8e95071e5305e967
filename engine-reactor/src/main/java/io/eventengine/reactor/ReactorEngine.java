package io.eventengine.reactor;

import io.eventengine.core.EngineClock;
import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import io.eventengine.reactor.internal.FluxTopic;
import io.eventengine.reactor.internal.MonoPublish;
import io.eventengine.reactor.internal.MonoPublishAll;
import io.eventengine.reactor.internal.SchedulerClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * An {@link EventEngine} seen from Reactor: a cold {@code Flux<MessagePayload>} per topic pattern, {@code Mono}
 * publishing that never blocks the subscribing thread, and the engine's timers as interval Fluxes. A thin, stateless
 * view: create as many as you like; the engine's life cycle stays yours ({@code start()}, {@code close()}).
 *
 * <pre>{@code
 * ReactorEngine rx = ReactorEngine.of(engine);
 * Flux<Double> prices = rx.flux("Market.Data.{symbol}").map(m -> m.getDouble("price"));
 * Mono<Void> sent = rx.publish("Market.Data.AAPL", List.of(), Map.of("price", 189.5));
 * }</pre>
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
 */
public final class ReactorEngine {
    /** Ticks a subscriber has no demand for are skipped, keeping the latest, like the engine's own missed ticks. */
    private static final FluxOptions INTERVAL_DEFAULTS = FluxOptions.of(Overflow.DROP_OLDEST, 1);

    private final EventEngine engine;

    private ReactorEngine(EventEngine engine) {
        this.engine = engine;
    }

    /** The Reactor view of {@code engine}. */
    public static ReactorEngine of(EventEngine engine) {
        return new ReactorEngine(Objects.requireNonNull(engine, "engine"));
    }

    /** The engine behind this view. */
    public EventEngine engine() {
        return engine;
    }

    // ---- subscribing ------------------------------------------------------------------------------------------

    /** The messages on {@code pattern} (exact or pattern) with {@link FluxOptions#defaults()}: BLOCK, 256. */
    public Flux<MessagePayload> flux(Topic pattern) {
        return flux(pattern, FluxOptions.defaults());
    }

    /** Same as {@link #flux(Topic)} with the pattern parsed by {@link Topic#of}. */
    public Flux<MessagePayload> flux(String pattern) {
        return flux(Topic.of(pattern));
    }

    /**
     * The messages on {@code pattern} (exact or pattern), each subscriber buffering as {@code options} say: a cold flux
     * whose subscribers each register a handler on subscribe. It fails a subscriber with {@link
     * SubscriberOverflowException} when its policy is {@link Overflow#FAIL} (or a {@link Overflow#BLOCK} wait ran out),
     * and at once with {@link IllegalStateException} when the engine is closed.
     */
    public Flux<MessagePayload> flux(Topic pattern, FluxOptions options) {
        return FluxTopic.create(
                engine, Objects.requireNonNull(pattern, "pattern"), Objects.requireNonNull(options, "options"), null);
    }

    /** Same as {@link #flux(Topic, FluxOptions)} with the pattern parsed by {@link Topic#of}. */
    public Flux<MessagePayload> flux(String pattern, FluxOptions options) {
        return flux(Topic.of(pattern), options);
    }

    // ---- publishing -------------------------------------------------------------------------------------------

    /**
     * A Mono that, for each subscription, puts one message with copies of {@code args} and {@code kwargs} (read when
     * subscribed) on the exact {@code topic} if the queue has room now, and completes; on a full queue it fails with
     * {@link io.eventengine.core.QueueFullException} (nothing queued, never a silent drop). It never blocks the
     * subscribing thread, so it is safe on any Reactor scheduler; resubscribing publishes again, so {@code
     * retryWhen(Retry.backoff(...))} retries. On a closed engine it fails with {@link IllegalStateException}.
     *
     * @throws IllegalArgumentException at once when {@code topic} is a pattern
     */
    public Mono<Void> publish(Topic topic, List<?> args, Map<String, ?> kwargs) {
        return MonoPublish.create(engine, topic, nonNull(args, "args"), nonNull(kwargs, "kwargs"), false);
    }

    /** Same as {@link #publish(Topic, List, Map)} with the topic parsed by {@link Topic#of}. */
    public Mono<Void> publish(String topic, List<?> args, Map<String, ?> kwargs) {
        return publish(Topic.of(topic), args, kwargs);
    }

    /**
     * Like {@link #publish(Topic, List, Map)}, but on a full queue it waits for room without blocking any thread (the
     * engine calls it back when the dispatcher frees room): it completes once the message is queued, then on the
     * dispatcher thread, so {@code publishOn} before heavy work. Cancel it (or add {@code timeout(...)}) to stop
     * waiting; a cancelled wait queues nothing. It also waits while the engine is stopped and full.
     */
    public Mono<Void> publishWhenRoom(Topic topic, List<?> args, Map<String, ?> kwargs) {
        return MonoPublish.create(engine, topic, nonNull(args, "args"), nonNull(kwargs, "kwargs"), true);
    }

    /** Same as {@link #publishWhenRoom(Topic, List, Map)} with the topic parsed by {@link Topic#of}. */
    public Mono<Void> publishWhenRoom(String topic, List<?> args, Map<String, ?> kwargs) {
        return publishWhenRoom(Topic.of(topic), args, kwargs);
    }

    /**
     * Publishes every item of {@code source} as the message {@code mapper} makes of it (use {@link
     * MessagePayload#of(Topic, Object...)}; only its topic, args and kwargs are used, the engine stamps the rest), in
     * order. It requests from the source only what the engine's queue has room for ({@code capacity - occupancy}, and
     * nothing while it is full), never blocks a thread and never drops: an item that finds the queue full waits for
     * room through {@link EventEngine#whenRoomAvailable}. The Mono completes when every item was queued (not yet
     * dispatched); a source error is signalled after the items before it were queued; a mapper or engine failure
     * (closed engine, pattern topic) cancels the source and fails the Mono. Cancelling it cancels the source.
     */
    public <T> Mono<Void> publishAll(Publisher<T> source, Function<? super T, MessagePayload> mapper) {
        return MonoPublishAll.create(engine, nonNull(source, "source"), nonNull(mapper, "mapper"));
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
     * @throws IllegalArgumentException unless {@code period} is a positive whole number of milliseconds
     */
    public Flux<MessagePayload> interval(Duration period) {
        return interval(period, INTERVAL_DEFAULTS);
    }

    /** Like {@link #interval(Duration)}, buffering as {@code options} say. */
    public Flux<MessagePayload> interval(Duration period, FluxOptions options) {
        Topic topic = EventEngine.timerTopic(nonNull(period, "period"));
        return FluxTopic.create(engine, topic, nonNull(options, "options"), () -> engine.timer(period));
    }

    /**
     * An {@link EngineClock} on {@code scheduler}'s clock, for {@code EventEngine.builder().clock(...)}: with a {@code
     * VirtualTimeScheduler}, {@code StepVerifier.withVirtualTime(..., () -> vts, n).thenAwait(period)} drives the
     * engine's timers, one period per {@code thenAwait} (the timer thread wakes asynchronously; advancing several
     * periods at once skips the missed ticks, as the engine always does). Timestamps of published messages use it too.
     */
    public static EngineClock schedulerClock(Scheduler scheduler) {
        return new SchedulerClock(scheduler);
    }

    private static <T> T nonNull(T value, String name) {
        return Objects.requireNonNull(value, name);
    }

    @Override
    public String toString() {
        return "ReactorEngine[" + engine + "]";
    }
}
