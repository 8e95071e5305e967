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

// kotlin.time.Duration overloads. The Java API says "zero waits for ever"; these overloads use
// Kotlin's words instead: Duration.INFINITE waits for ever and Duration.ZERO does not wait.

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
 * does not wait, `Duration.INFINITE` waits for ever.
 *
 * @throws io.eventengine.core.QueueEmptyException when none came
 */
public fun EventEngine.get(timeout: Duration): MessagePayload =
    when {
        timeout.isNegative() -> throw IllegalArgumentException("timeout must be >= 0, got $timeout")
        timeout == Duration.ZERO -> get(false, 0, java.time.Duration.ZERO)
        timeout.isInfinite() -> get()
        else -> get(timeout.toJavaDuration())
    }

/**
 * Stops; with [drain], first delivers pending messages for at most [timeout] (`Duration.INFINITE`:
 * until the queue is empty; `Duration.ZERO`: none). Returns how many messages were left
 * undelivered.
 */
public fun EventEngine.stop(drain: Boolean, timeout: Duration): Int =
    when {
        timeout.isNegative() -> throw IllegalArgumentException("timeout must be >= 0, got $timeout")
        !drain || timeout == Duration.ZERO -> stop(false, java.time.Duration.ZERO)
        timeout.isInfinite() -> stop(true, java.time.Duration.ZERO)
        else -> stop(true, timeout.toJavaDuration())
    }

/**
 * Publish options from a Kotlin duration: `Duration.INFINITE` blocks for ever
 * ([PublishOptions.BLOCKING]), `Duration.ZERO` never waits ([PublishOptions.NON_BLOCKING]: a full
 * queue throws at once), anything else waits at most [timeout] after [maxSpin] spins.
 */
public fun PublishOptions(
    timeout: Duration,
    maxSpin: Int = PublishOptions.DEFAULT_MAX_SPIN,
): PublishOptions =
    when {
        timeout.isNegative() -> throw IllegalArgumentException("timeout must be >= 0, got $timeout")
        timeout == Duration.ZERO -> PublishOptions.NON_BLOCKING
        timeout.isInfinite() -> PublishOptions(true, maxSpin, java.time.Duration.ZERO)
        else -> PublishOptions(true, maxSpin, timeout.toJavaDuration())
    }

/** [timeout] as a Kotlin duration: `Duration.INFINITE` for a blocking put without a timeout. */
public val PublishOptions.waitTimeout: Duration
    get() =
        when {
            !block() -> Duration.ZERO
            timeout().isZero -> Duration.INFINITE
            else -> timeout().toKotlinDuration()
        }

/**
 * How long `close()` delivers pending messages, for builder users; `Duration.INFINITE` is not
 * allowed (a close must end).
 */
public fun EventEngineBuilder.closeTimeout(timeout: Duration): EventEngineBuilder {
    require(timeout.isFinite() && !timeout.isNegative()) {
        "closeTimeout must be finite and >= 0, got $timeout"
    }
    return closeTimeout(timeout.toJavaDuration())
}

internal fun Duration.toTimerInterval(): java.time.Duration {
    require(isPositive() && isFinite() && inWholeMilliseconds * 1_000_000 == inWholeNanoseconds) {
        "A timer interval must be a positive whole number of milliseconds, got $this"
    }
    return java.time.Duration.ofMillis(inWholeMilliseconds)
}
