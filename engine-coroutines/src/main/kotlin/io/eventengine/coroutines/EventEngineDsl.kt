package io.eventengine.coroutines

import io.eventengine.core.EngineClock
import io.eventengine.core.EventEngine
import io.eventengine.core.IdleStrategy
import io.eventengine.core.PublishOptions
import io.eventengine.core.Registration
import io.eventengine.core.Topic
import io.eventengine.core.TypedHandler
import kotlin.contracts.ExperimentalContracts
import kotlin.contracts.InvocationKind
import kotlin.contracts.contract
import kotlin.time.Duration

/** Marks the engine DSL, so nested blocks cannot reach outer receivers by accident. */
@DslMarker public annotation class EventEngineDsl

/**
 * Settings of [eventEngine]. Each is null until set, and null means the builder's default (see
 * `EventEngineBuilder`); invalid values fail in [eventEngine] with the builder's message.
 */
@EventEngineDsl
public class EventEngineConfig internal constructor() {
    /** Queue capacity, rounded up to a power of two (default 4096). */
    public var capacity: Int? = null

    /** Prefix of the engine's thread names (default `eventengine`). */
    public var name: String? = null

    /** Most messages the dispatcher takes per pass (default 256). */
    public var batchSize: Int? = null

    /** What the dispatcher does on an empty queue (default `IdleStrategy.backoff()`). */
    public var idleStrategy: IdleStrategy? = null

    /** Most exact topics whose route is cached (default 16384). */
    public var routeCacheSize: Int? = null

    /** Whether hooks time and count their handlers (default false). */
    public var hookStats: Boolean? = null

    /** Clock of timers and timestamps (default the system clock; tests use `ManualClock`). */
    public var clock: EngineClock? = null

    /**
     * How `publish`, `put` and the suspending [emit] wait on a full queue when the call gives no
     * options (default for ever); e.g. `PublishOptions(timeout = 5.seconds)`. `publish` waits by
     * blocking its thread, [emit] by suspending.
     */
    public var publishOptions: PublishOptions? = null

    /**
     * How long `close()` delivers pending messages (default 30 s): `Duration.ZERO` abandons what is
     * queued, `Duration.INFINITE` delivers all of it.
     */
    public var closeTimeout: Duration? = null

    internal fun build(): EventEngine {
        val builder = EventEngine.builder()
        capacity?.let(builder::capacity)
        name?.let(builder::name)
        batchSize?.let(builder::batchSize)
        idleStrategy?.let(builder::idleStrategy)
        routeCacheSize?.let(builder::routeCacheSize)
        hookStats?.let(builder::hookStats)
        clock?.let(builder::clock)
        publishOptions?.let(builder::publishOptions)
        closeTimeout?.let { builder.closeTimeout(it) }
        return builder.build()
    }
}

/**
 * A new, stopped engine: `eventEngine { capacity = 8192; name = "market" }`. Start it with
 * `start()`, and `use { }` or `close()` it.
 *
 * @throws IllegalArgumentException when a setting is invalid
 */
@OptIn(ExperimentalContracts::class)
public fun eventEngine(configure: EventEngineConfig.() -> Unit = {}): EventEngine {
    contract { callsInPlace(configure, InvocationKind.EXACTLY_ONCE) }
    return EventEngineConfig().apply(configure).build()
}

/**
 * Registers [handler] on [pattern] and returns the registration (`close()` unregisters):
 * `engine.on("Market.Data.{symbol}") { msg -> println("${msg["symbol"]} ${msg["price"]}") }`. The
 * handler sees a [TopicMessage], whose `msg["name"]` reads the pattern's captures first and the
 * kwargs next. It runs on the dispatcher thread, like any handler: keep it short and never block it
 * (collect a [flow] to consume in a coroutine instead).
 */
public fun EventEngine.on(pattern: Topic, handler: (TopicMessage) -> Unit): Registration =
    register(pattern) { message -> handler(TopicMessage(pattern, message)) }

/** Same as [EventEngine.on] with the pattern parsed by [Topic.of]. */
public fun EventEngine.on(pattern: String, handler: (TopicMessage) -> Unit): Registration =
    on(Topic.of(pattern), handler)

/**
 * Registers [handler] for the typed messages on [pattern] and returns the registration (`close()`
 * unregisters): `engine.on<Quote>("Quotes.{symbol}") { quote -> println(quote.price) }`. The
 * handler receives each matching message's `MessagePayload.valueAs(T)`; messages carrying anything
 * else are skipped, as for the typed [flow] (see there for the skip rule). It runs on the
 * dispatcher thread, like any handler.
 */
@JvmName("onType")
public inline fun <reified T : Any> EventEngine.on(
    pattern: Topic,
    noinline handler: (T) -> Unit,
): Registration = register(pattern, T::class.javaObjectType, TypedHandler<T> { handler(it) })

/** Same as the typed [EventEngine.on] with the pattern parsed by [Topic.of]. */
@JvmName("onType")
public inline fun <reified T : Any> EventEngine.on(
    pattern: String,
    noinline handler: (T) -> Unit,
): Registration = on(Topic.of(pattern), handler)
