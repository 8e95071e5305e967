package io.eventengine.coroutines

import io.eventengine.core.EventEngine
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout

/**
 * Delivers what is queued on this (stopped) engine, on the calling thread: with a collector on the
 * test dispatcher, a whole dispatch becomes deterministic.
 */
fun EventEngine.deliverPending(): Int = stop(true, EventEngine.FOREVER)

/**
 * Waits in real time, at most [timeout], until [condition] holds: for effects that other threads
 * produce. A bound against hangs, not a timing assertion.
 */
suspend fun eventually(
    what: String,
    timeout: Duration = 10.seconds,
    condition: () -> Boolean,
) {
    try {
        withTimeout(timeout) {
            while (!condition()) {
                delay(2.milliseconds)
            }
        }
    } catch (e: kotlinx.coroutines.TimeoutCancellationException) {
        throw AssertionError("Not true within $timeout of wall-clock time: $what", e)
    }
}

/**
 * The live thread named [name], if any (in debug mode, on by default with `-ea`, a thread running a
 * coroutine has the coroutine's name appended to its own).
 */
fun liveThread(name: String): Thread? =
    Thread.getAllStackTraces().keys.firstOrNull { it.name == name || it.name.startsWith("$name @") }

/** Whether [thread] is inside a method of a class whose name contains [fragment]. */
fun Thread.isIn(fragment: String): Boolean = stackTrace.any { fragment in it.className }
