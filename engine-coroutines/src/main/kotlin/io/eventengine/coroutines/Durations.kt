package io.eventengine.coroutines

import io.eventengine.core.EventEngine
import io.eventengine.core.EventEngineBuilder
import io.eventengine.core.MessagePayload
import io.eventengine.core.PublishOptions
import io.eventengine.core.Topic
import java.time.Instant
import kotlin.time.Duration
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

// kotlin.time.Duration overloads, under the library's one timeout rule, the Java API's too: a
// duration is how long to wait, Duration.ZERO never waits, and Duration.INFINITE waits for ever
// (EventEngine.FOREVER). A negative duration is an IllegalArgumentException.

/**
 * The topic of the engine's shared periodic timer for [interval]; see `EventEngine.timer`.
 * `1.seconds` and `1.minutes` are the wall-clock aligned `...Timer.Second` and `...Timer.Minute`.
 */
public fun EventEngine.timer(interval: Duration): Topic = timer(interval.toTimerInterval())

/**
 * Like [EventEngine.timer], with the first tick at [activateAt] (ignored when the timer exists).
 */
public fun EventEngine.timer(interval: Duration, activateAt: Instant): Topic =
    timer(interval.toTimerInterval(), activateAt)

/**
 * Takes the next message by hand (engine not running), waiting at most [timeout]: `Duration.ZERO`
 * never waits, `Duration.INFINITE` waits for ever; see `EventEngine.poll(java.time.Duration)`.
 *
 * @throws io.eventengine.core.QueueEmptyException when none came in time
 * @throws IllegalArgumentException when [timeout] is negative
 * @throws IllegalStateException while the dispatcher runs, and when the engine is closed
 */
public fun EventEngine.poll(timeout: Duration): MessagePayload = poll(timeout.toEngineTimeout())

/**
 * Stops, first delivering pending messages when [drain], and waits at most [timeout] for both the
 * drain and the dispatcher's exit: `Duration.ZERO` never waits (so nothing more is delivered),
 * `Duration.INFINITE` waits until the queue is empty; see `EventEngine.stop(boolean, Duration)`.
 *
 * @return how many messages were left undelivered
 * @throws IllegalArgumentException when [timeout] is negative
 */
public fun EventEngine.stop(drain: Boolean, timeout: Duration): Int =
    stop(drain, timeout.toEngineTimeout())

/**
 * Publish options from a Kotlin duration: `Duration.INFINITE` waits for ever (with the default
 * [maxSpin], [PublishOptions.BLOCKING]), `Duration.ZERO` never waits
 * ([PublishOptions.NON_BLOCKING], whatever [maxSpin]: a full queue throws at once), anything else
 * waits at most [timeout] (with the default [maxSpin], `PublishOptions.waitAtMost(timeout)`). With
 * [retain], the message is its topic's retained value (see `PublishOptions.retained()`).
 *
 * @throws IllegalArgumentException when [timeout] or [maxSpin] is negative
 */
public fun PublishOptions(
    timeout: Duration,
    maxSpin: Int = PublishOptions.DEFAULT_MAX_SPIN,
    retain: Boolean = false,
): PublishOptions {
    val options =
        if (timeout == Duration.ZERO) {
            require(maxSpin >= 0) { "maxSpin must be >= 0, got $maxSpin" }
            PublishOptions.NON_BLOCKING
        } else {
            PublishOptions(timeout.toEngineTimeout(), maxSpin)
        }
    return if (retain) options.retained() else options
}

/**
 * The options' timeout as a Kotlin duration: `Duration.INFINITE` when they wait for ever,
 * `Duration.ZERO` when they never wait.
 */
public val PublishOptions.waitTimeout: Duration
    get() = if (waitsForever()) Duration.INFINITE else timeout().toKotlinDuration()

/**
 * How long `close()` delivers pending messages before it gives up (default 30 s): `Duration.ZERO`
 * does not wait (what is queued is abandoned and counted), `Duration.INFINITE` delivers every
 * accepted message.
 *
 * @throws IllegalArgumentException when [timeout] is negative
 */
public fun EventEngineBuilder.closeTimeout(timeout: Duration): EventEngineBuilder =
    closeTimeout(timeout.toEngineTimeout())

/** This duration as the engine's timeout: `Duration.INFINITE` is `EventEngine.FOREVER`. */
internal fun Duration.toEngineTimeout(): java.time.Duration {
    require(!isNegative()) {
        "timeout must be >= 0 (Duration.ZERO never waits, Duration.INFINITE waits for ever), got $this"
    }
    return if (isInfinite()) EventEngine.FOREVER else toJavaDuration()
}

internal fun Duration.toTimerInterval(): java.time.Duration {
    require(isPositive() && isFinite() && inWholeMilliseconds * 1_000_000 == inWholeNanoseconds) {
        "A timer interval must be a positive whole number of milliseconds, got $this"
    }
    return java.time.Duration.ofMillis(inWholeMilliseconds)
}
