package io.eventengine.core

import io.eventengine.core.spi.EngineSupport
import io.eventengine.test.ManualClock
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.locks.LockSupport

/**
 * The defects of issue 12 that lost accepted messages or hung: each test reproduces one of them
 * exactly as reported, with real threads and exact accounting per message id.
 */
class CloseGuaranteesSpec :
    FunSpec({
        fun engine(name: String, configure: EventEngineBuilder.() -> Unit = {}) =
            EventEngine.builder().name(name).apply(configure).build()

        /**
         * Runs [block] on its own thread; the test fails (instead of hanging) when it does not end
         * in [seconds].
         */
        fun <T> within(seconds: Long, what: String, block: () -> T): T {
            var result: Result<T>? = null
            val thread = Thread({ result = runCatching(block) }, "within-$what")
            thread.isDaemon = true
            thread.start()
            thread.join(TimeUnit.SECONDS.toMillis(seconds))
            check(!thread.isAlive) {
                "$what did not return within $seconds s; it is at ${thread.stackTrace.take(8).joinToString(" <- ")}"
            }
            return result!!.getOrThrow()
        }

        fun captureStderr(block: () -> Unit): String {
            val original = System.err
            val buffer = java.io.ByteArrayOutputStream()
            System.setErr(java.io.PrintStream(buffer, true))
            try {
                block()
            } finally {
                System.setErr(original)
            }
            return buffer.toString()
        }

        /**
         * An engine whose dispatcher is stuck in a handler on "Stuck" until the returned latch
         * opens.
         */
        fun stuckEngine(
            name: String,
            behind: Int,
            configure: EventEngineBuilder.() -> Unit = {},
        ): Pair<EventEngine, CountDownLatch> {
            val release = CountDownLatch(1)
            val entered = CountDownLatch(1)
            val e = engine(name, configure)
            e.register("Stuck") {
                entered.countDown()
                release.await()
            }
            e.start()
            e.put("Stuck")
            repeat(behind) { e.put("Behind") }
            entered.await(10, TimeUnit.SECONDS) shouldBe true
            return e to release
        }

        /**
         * After close gave up on a handler: the dispatcher sweeps, counting all it abandons at
         * once, when that handler returns. Waits for that count, for at most 10 s.
         */
        fun awaitSweep(e: EventEngine) {
            val end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
            while (e.stats().abandoned == 0L && System.nanoTime() < end) Thread.sleep(1)
        }

        fun threadsNamed(prefix: String) =
            Thread.getAllStackTraces().keys.filter { it.name.startsWith(prefix) }

        /**
         * 8 producers loop on a tiny queue until a put fails; close comes from outside or from a
         * handler. Every id is accounted for: delivered, counted as abandoned by close, or refused
         * (the put threw the closed-engine error).
         */
        fun closeUnderLoad(
            fromHandler: Boolean,
            closeTimeout: Duration,
            handlerNanos: Long,
            abandons: Boolean = false,
        ) {
            val e = engine("load") { capacity(8).closeTimeout(closeTimeout) }
            val delivered = ConcurrentHashMap.newKeySet<Long>()
            val duplicates = AtomicInteger()
            e.register("P.{n}") { msg ->
                if (!delivered.add(msg[0] as Long)) duplicates.incrementAndGet()
                if (handlerNanos > 0) LockSupport.parkNanos(handlerNanos)
                if (fromHandler && delivered.size == 2_000) e.close()
            }
            e.start()
            val accepted = ConcurrentHashMap.newKeySet<Long>()
            val refused = ConcurrentHashMap.newKeySet<Long>()
            val attempted = AtomicLong()
            val otherFailures = ConcurrentHashMap.newKeySet<Throwable>()
            val producers =
                (0 until 8).map { p ->
                    Thread(
                        {
                            var i = 0L
                            while (true) {
                                val id = p * 1_000_000_000L + i++
                                attempted.incrementAndGet()
                                try {
                                    e.put(Topic.of("P.$p"), id)
                                    accepted += id
                                } catch (closed: IllegalStateException) {
                                    refused += id
                                    break
                                } catch (t: Throwable) {
                                    otherFailures += t
                                    break
                                }
                            }
                        },
                        "load-producer-$p",
                    )
                }
            producers.forEach { it.start() }
            if (fromHandler) {
                val end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20)
                while (!e.isClosed() && System.nanoTime() < end) Thread.sleep(1)
            } else {
                Thread.sleep(300)
            }
            within(20, "close()") { e.close() }
            producers.forEach { it.join(10_000) }
            producers
                .filter { it.isAlive }
                .map { "${it.name} ${it.state}" }
                .shouldBeEmpty() // none left parked
            otherFailures.shouldBeEmpty()
            if (abandons) {
                // close gave up on the slow handler and returned; no producer necessarily waited
                awaitSweep(e)
            }
            duplicates.get() shouldBe 0
            (delivered - accepted).shouldBeEmpty() // nothing refused was delivered
            val undelivered = accepted - delivered
            undelivered.size.toLong() shouldBe
                e.stats().abandoned // ...and nothing accepted is lost silently
            (e.stats().abandoned > 0) shouldBe abandons
            accepted.size.toLong() + refused.size shouldBe attempted.get()
            refused.size shouldBe 8 // each producer's last put failed with the closed-engine error
            e.stats().published shouldBe accepted.size.toLong()
        }

        test(
            "close() from outside under 8 producers parked on a full queue delivers every put that returned"
        ) {
            repeat(3) {
                closeUnderLoad(fromHandler = false, Duration.ofSeconds(5), handlerNanos = 0)
            }
        }

        test("close() from a handler under 8 parked producers: the same accounting") {
            repeat(3) {
                closeUnderLoad(fromHandler = true, Duration.ofSeconds(5), handlerNanos = 0)
            }
        }

        test("close() that runs out of time with a slow handler counts exactly what it abandoned") {
            repeat(3) {
                closeUnderLoad(
                    fromHandler = false,
                    Duration.ofMillis(5),
                    2_000_000,
                    abandons = true,
                )
            }
        }

        test(
            "close() with a handler stuck for ever returns at the close timeout and leaves the engine closed"
        ) {
            val (e, release) =
                stuckEngine("stuck", behind = 1) { closeTimeout(Duration.ofSeconds(2)) }
            try {
                val started = System.nanoTime()
                val log = captureStderr { within(12, "close()") { e.close() } }
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) shouldBeLessThan 10_000
                log shouldContain
                    "closed after PT2S (its close timeout) with 1 accepted messages undelivered"
                log shouldContain "of the hook on 'Stuck' handling seq 0 on 'Stuck'"
                log shouldContain
                    "CloseGuaranteesSpec.kt" // the handler's own frame, not the lambda's class
                e.isClosed() shouldBe true
                shouldThrow<IllegalStateException> { e.put("After") }.message shouldContain "closed"
            } finally {
                release.countDown()
            }
            awaitSweep(e)
            e.stats().abandoned shouldBe 1 // the one behind it, swept once the handler returned
            e.stats().dispatched shouldBe 1
        }

        test(
            "stop(drain, timeout) with a stuck handler returns at its timeout, counting what was not delivered"
        ) {
            val (e, release) = stuckEngine("stuck-stop", behind = 2)
            try {
                val left = within(12, "stop(true, 1s)") { e.stop(true, Duration.ofSeconds(1)) }
                left shouldBe 3 // the message in the stuck handler and the two behind it
            } finally {
                release.countDown()
            }
            e.close()
        }

        test(
            "close() from a handler delivers everything queued before close callbacks run, as from outside"
        ) {
            val e = engine("self-close")
            val seen = AtomicInteger()
            val seenWhenClosed = AtomicInteger(-1)
            e.register("**") { seen.incrementAndGet() }
            e.register("Close") { e.close() }
            EngineSupport.of(e).whenClosed { seenWhenClosed.set(seen.get()) }
            repeat(3) { e.put("Before") }
            e.put("Close")
            repeat(5) { e.put("After") }
            e.start()
            val end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
            while (seenWhenClosed.get() < 0 && System.nanoTime() < end) Thread.sleep(5)
            seen.get() shouldBe 9
            seenWhenClosed.get() shouldBe
                9 // the close callbacks (which end Flows and Fluxes) ran after the last one
            e.isClosed() shouldBe true
            e.occupancy() shouldBe 0
        }

        test(
            "a handler that leaves the interrupt flag set does not keep the idle dispatcher awake"
        ) {
            engine("interrupted").use { e ->
                val handled = CountDownLatch(1)
                e.register("Rude") {
                    Thread.currentThread().interrupt()
                    handled.countDown()
                }
                e.start()
                e.put("Rude")
                handled.await(10, TimeUnit.SECONDS) shouldBe true
                val dispatcher = threadsNamed("interrupted-dispatcher").single()
                val end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5)
                while (dispatcher.state != Thread.State.WAITING && System.nanoTime() < end) Thread
                    .sleep(10)
                // parked, not spinning on a set interrupt flag (a spinning park is seen WAITING now
                // and then, not always)
                val states = (1..50).map { Thread.sleep(2).let { dispatcher.state } }
                states.filter { it != Thread.State.WAITING }.shouldBeEmpty()
                dispatcher.isInterrupted shouldBe false
                e.stats().interruptsCleared shouldBe 1
                // and it still wakes for the next message
                val next = CountDownLatch(1)
                e.register("Next") { next.countDown() }
                e.put("Next")
                next.await(10, TimeUnit.SECONDS) shouldBe true
            }
        }

        test("a timer at the maximum interval next to a 1 ms timer: both keep their schedules") {
            val clock = ManualClock(java.time.Instant.ofEpochSecond(1_000_000))
            engine("max-timer") { clock(clock) }
                .use { e ->
                    val ticks = AtomicInteger()
                    val slow = AtomicInteger()
                    e.register(e.timer(EventEngine.MAX_TIMER_INTERVAL)) { slow.incrementAndGet() }
                    e.register(e.timer(Duration.ofMillis(1))) { ticks.incrementAndGet() }
                    e.start()
                    repeat(100) {
                        clock.awaitSleeper(Duration.ofSeconds(10)) shouldBe true
                        clock.advance(Duration.ofMillis(1))
                    }
                    val end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
                    while (ticks.get() < 101 && System.nanoTime() < end) Thread.sleep(1)
                    ticks.get() shouldBe 101 // at once, then once per millisecond
                    slow.get() shouldBe 1 // its first tick is at once; the next is a year away
                }
        }

        test(
            "a timer interval beyond the maximum is a clear IllegalArgumentException and harms no other timer"
        ) {
            engine("huge-timer").use { e ->
                shouldThrow<IllegalArgumentException> { e.timer(Duration.ofMillis(Long.MAX_VALUE)) }
                    .message shouldContain "at most"
                shouldThrow<IllegalArgumentException> {
                        e.timer(Duration.ofSeconds(Long.MAX_VALUE))
                    }
                    .message shouldContain "at most"
                shouldThrow<IllegalArgumentException> {
                        EngineSupport.of(e).timerTopic(Duration.ofSeconds(Long.MAX_VALUE))
                    }
                    .message shouldContain "at most"
                shouldThrow<IllegalArgumentException> {
                        e.timer(Duration.ofSeconds(1), java.time.Instant.MAX)
                    }
                    .message shouldContain "activateAt"
            }
        }

        test(
            "register(), registerHook() and timer() on a closed engine fail like every other call"
        ) {
            val e = engine("closed")
            val before = e.register("Before") {}
            e.close()
            shouldThrow<IllegalStateException> { e.register("X") {} }.message shouldContain "closed"
            shouldThrow<IllegalStateException> { e.registerHook(EventHook(Topic.of("Y"))) }
                .message shouldContain "closed"
            shouldThrow<IllegalStateException> { e.timer(Duration.ofSeconds(1)) }
                .message shouldContain "closed"
            before
                .close() // unregistering what was registered before stays quiet: adapters do it as
            // they end
        }
    })
