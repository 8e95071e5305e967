package io.eventengine.eventlog

import java.nio.file.Files
import java.nio.file.Path
import java.time.Clock
import java.time.Instant
import java.time.ZoneId
import java.time.ZoneOffset
import java.util.Comparator

/** A clock that moves [step] milliseconds each time it is read: reproducible timestamps. */
class SteppingClock(
    private val start: Instant = Instant.ofEpochSecond(1_700_000_000),
    private val stepMillis: Long = 500,
) : Clock() {
    private var reads = 0L

    @Synchronized override fun instant(): Instant = start.plusMillis(stepMillis * reads++)

    override fun getZone(): ZoneId = ZoneOffset.UTC

    override fun withZone(zone: ZoneId): Clock = this
}

/** Options whose clock starts at 1700000000.0 and moves 0.5 s per event. */
fun steppingOptions(): EventLogOptions = EventLogOptions.defaults().withClock(SteppingClock())

/** Runs [block] with a fresh temporary directory, deleted afterwards. */
fun <T> withTempDir(block: (Path) -> T): T {
    val dir = Files.createTempDirectory("eventlog-spec")
    try {
        return block(dir)
    } finally {
        Files.walk(dir).use { paths ->
            paths.sorted(Comparator.reverseOrder()).forEach { Files.deleteIfExists(it) }
        }
    }
}

/**
 * Waits until [condition] holds, failing after 10 s of wall-clock time (a hang guard, never a
 * timing assertion).
 */
fun awaitUntil(what: String, condition: () -> Boolean) {
    val deadline = System.nanoTime() + 10_000_000_000L
    while (!condition()) {
        if (System.nanoTime() > deadline) throw AssertionError("timed out waiting until $what")
        Thread.sleep(1)
    }
}

fun Path.writeText(text: String): Path = Files.writeString(this, text)

fun Path.readText(): String = Files.readString(this)

/** Empty event data. */
val NO_DATA: Map<String, Any?> = emptyMap()

/** No positional arguments. */
val NO_ARGS: List<Any?> = emptyList()
