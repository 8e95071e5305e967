package io.eventengine.coroutines

import io.eventengine.core.EventEngine
import io.eventengine.core.MessagePayload
import io.eventengine.core.spi.EngineSupport
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.flow.conflate

/**
 * A coroutine ticker: emits 0, 1, 2, … every [period], the first after [initialDelay] (default: at
 * once, like the engine's own timers), until the collector stops or the engine is closed.
 *
 * It runs on the collector's dispatcher with `delay`, not on the engine's timer thread: no thread,
 * no engine queue, and in `runTest` it runs in virtual time. Ticks keep their period whatever the
 * collector does (they come from a coroutine of their own); a collector that is still busy when
 * ticks come gets only the latest one when it is done, never a burst, so a gap in the numbers shows
 * the ticks it missed (the engine's timers skip missed ticks the same way). For ticks on the
 * engine's clock, aligned to wall-clock seconds or minutes and seen by handlers too, use
 * [timerFlow].
 */
public fun EventEngine.tickerFlow(
    period: Duration,
    initialDelay: Duration = Duration.ZERO,
): Flow<Long> {
    require(period.isPositive() && period.isFinite()) {
        "period must be positive and finite, got $period"
    }
    require(!initialDelay.isNegative() && initialDelay.isFinite()) {
        "initialDelay must be finite and >= 0, got $initialDelay"
    }
    val engine = this
    return channelFlow {
        val removeCloseCallback = EngineSupport.of(engine).whenClosed { channel.close() }
        try {
            delay(initialDelay)
            var tick = 0L
            while (!trySend(tick++).isClosed) {
                delay(period)
            }
        } finally {
            removeCloseCallback.run()
        }
    }
        .conflate()
}

/**
 * The engine's own periodic timer for [interval] as a flow of its tick messages (kwargs `interval`
 * and `timestamp` or `trigger_time`, see `EventEngine.timer`): ticks come from the engine's timer
 * thread on the engine's clock, so handlers registered on the same topic see the same ticks,
 * `1.seconds` and `1.minutes` are aligned to wall-clock boundaries, and tests drive them with a
 * `ManualClock` (not with `runTest`, whose virtual time does not reach the engine's threads).
 * Timers tick while the engine runs.
 *
 * The timer is created when collection starts, once the collector is subscribed to its topic (so it
 * cannot miss the first tick). A tick is a message like any other; by default a collector that is
 * still busy keeps only the latest one ([BufferOverflow.DROP_OLDEST] with [capacity] 1, drops
 * counted in `subscriberDrops`), like the engine skips missed ticks. See [EventEngine.flow] for the
 * parameters.
 *
 * @throws IllegalArgumentException unless [interval] is a positive whole number of milliseconds
 */
public fun EventEngine.timerFlow(
    interval: Duration,
    capacity: Int = 1,
    onBufferOverflow: BufferOverflow = BufferOverflow.DROP_OLDEST,
    suspendTimeout: Duration = EngineFlows.DEFAULT_SUSPEND_TIMEOUT,
): Flow<MessagePayload> {
    val javaInterval = interval.toTimerInterval()
    require(capacity >= 1) { "capacity must be >= 1, got $capacity" }
    // Registered on the timer's topic before the timer exists, so the first tick cannot be missed.
    val engine = this
    return subscriptionFlow(
        EngineSupport.of(engine).timerTopic(javaInterval),
        capacity,
        onBufferOverflow,
        suspendTimeout,
        afterOpen = { engine.timer(javaInterval) },
    ) {
        it
    }
}

/**
 * The engine's `EventEngine.Internal.Timer.Second` ticks, aligned to wall-clock seconds, as a flow;
 * see [timerFlow]. Each tick's `timestamp` kwarg is the start of the second that just ended.
 */
public fun EventEngine.secondTimerFlow(
    capacity: Int = 1,
    onBufferOverflow: BufferOverflow = BufferOverflow.DROP_OLDEST,
): Flow<MessagePayload> = timerFlow(1.seconds, capacity, onBufferOverflow)

/**
 * The engine's `EventEngine.Internal.Timer.Minute` ticks, aligned to wall-clock minutes, as a flow;
 * see [timerFlow]. Each tick's `timestamp` kwarg is the start of the minute that just ended.
 */
public fun EventEngine.minuteTimerFlow(
    capacity: Int = 1,
    onBufferOverflow: BufferOverflow = BufferOverflow.DROP_OLDEST,
): Flow<MessagePayload> = timerFlow(1.minutes, capacity, onBufferOverflow)
