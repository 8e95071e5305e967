package io.eventengine.core

import io.eventengine.core.spi.EngineSupport
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference

/** What the Reactor and coroutine adapters build on: room callbacks and subscriber drop counts. */
class EngineAdapterSupportSpec :
    FunSpec({
        test("a room callback runs at once on the caller when the queue has room") {
            EventEngine.builder().capacity(2).build().use { e ->
                val ranOn = AtomicReference<Thread>()
                EngineSupport.of(e).whenRoomAvailable { ranOn.set(Thread.currentThread()) }
                ranOn.get() shouldBe Thread.currentThread()
            }
        }

        test("on a full queue it runs once, on the dispatcher, after the dispatcher frees room") {
            EventEngine.builder().capacity(2).name("room").build().use { e ->
                e.put("A")
                e.put("A")
                val runs = AtomicInteger()
                val ranOn = AtomicReference<String>()
                val ran = CountDownLatch(1)
                EngineSupport.of(e).whenRoomAvailable {
                    runs.incrementAndGet()
                    ranOn.set(Thread.currentThread().name)
                    ran.countDown()
                }
                runs.get() shouldBe 0
                e.start()
                ran.await(10, TimeUnit.SECONDS) shouldBe true
                e.put("A")
                e.stop(true, Duration.ofSeconds(10))
                runs.get() shouldBe 1
                ranOn.get() shouldBe "room-dispatcher"
            }
        }

        test("a throwing room callback does not hurt the dispatcher or later callbacks") {
            EventEngine.builder().capacity(2).build().use { e ->
                e.put("A")
                e.put("A")
                val later = CountDownLatch(1)
                EngineSupport.of(e).whenRoomAvailable { error("callback broke") }
                EngineSupport.of(e).whenRoomAvailable { later.countDown() }
                e.start()
                later.await(10, TimeUnit.SECONDS) shouldBe true
                val delivered = CountDownLatch(1)
                e.register("B") { delivered.countDown() }
                e.put("B")
                delivered.await(10, TimeUnit.SECONDS) shouldBe true
            }
        }

        test(
            "a handler about to block hands freed room to waiting callbacks by registering a no-op"
        ) {
            EventEngine.builder().capacity(2).name("handover").build().use { e ->
                val waiting = AtomicInteger()
                val before = AtomicInteger(-1)
                val after = AtomicInteger(-1)
                val handled = CountDownLatch(1)
                e.register("H") {
                    // Mid-batch: taking H made room, but the dispatcher says so after the batch.
                    before.set(waiting.get())
                    EngineSupport.of(e).whenRoomAvailable {}
                    after.set(waiting.get())
                    handled.countDown()
                }
                e.put("H")
                e.put("X")
                EngineSupport.of(e).whenRoomAvailable {
                    waiting.incrementAndGet()
                } // full: it waits
                waiting.get() shouldBe 0
                e.start()
                handled.await(10, TimeUnit.SECONDS) shouldBe true
                before.get() shouldBe 0
                after.get() shouldBe 1
            }
        }

        test("a close callback runs once, after close() delivered what was pending") {
            val e = EventEngine.builder().build()
            val delivered = AtomicInteger()
            e.register("A") { delivered.incrementAndGet() }
            e.put("A")
            val seenAtClose = AtomicInteger(-1)
            val runs = AtomicInteger()
            EngineSupport.of(e).whenClosed {
                runs.incrementAndGet()
                seenAtClose.set(delivered.get())
            }
            val removed = AtomicInteger()
            val remove = EngineSupport.of(e).whenClosed { removed.incrementAndGet() }
            remove.run()
            remove.run()
            e.close()
            e.close()
            runs.get() shouldBe 1
            seenAtClose.get() shouldBe 1
            removed.get() shouldBe 0
            // on a closed engine: at once, on the caller
            val ranOn = AtomicReference<Thread>()
            EngineSupport.of(e).whenClosed { ranOn.set(Thread.currentThread()) }
            ranOn.get() shouldBe Thread.currentThread()
        }

        test("a throwing close callback does not stop the others") {
            val e = EventEngine.builder().build()
            val later = AtomicInteger()
            EngineSupport.of(e).whenClosed { error("callback broke") }
            EngineSupport.of(e).whenClosed { later.incrementAndGet() }
            e.close()
            later.get() shouldBe 1
        }

        test("more waiters than room: callbacks that register again wait for the next pass") {
            // Regression: the dispatcher re-ran re-registered callbacks in the same pass and spun
            // for ever.
            EventEngine.builder().capacity(2).build().use { e ->
                val topic = Topic.of("W")
                val delivered = CountDownLatch(102)
                e.register(topic) { delivered.countDown() }
                e.put(topic)
                e.put(topic)
                repeat(100) {
                    val attempt =
                        object : Runnable {
                            override fun run() {
                                if (!e.tryPublish(topic))
                                    EngineSupport.of(e).whenRoomAvailable(this)
                            }
                        }
                    EngineSupport.of(e).whenRoomAvailable(attempt)
                }
                e.start()
                delivered.await(10, TimeUnit.SECONDS) shouldBe true
            }
        }

        test("subscriber drops add up in the stats; a negative count is an error") {
            EventEngine.create().use { e ->
                EngineSupport.of(e).recordSubscriberDrops(3)
                EngineSupport.of(e).recordSubscriberDrops(4)
                e.stats().subscriberDrops shouldBe 7
                shouldThrow<IllegalArgumentException> {
                    EngineSupport.of(e).recordSubscriberDrops(-1)
                }
            }
        }

        test(
            "an after-batch task runs once the dispatcher's batch ends, in order, on the dispatcher"
        ) {
            val engine = EventEngine.builder().name("after-batch").build()
            engine.use { e ->
                val support = EngineSupport.of(e)
                val log = java.util.concurrent.CopyOnWriteArrayList<String>()
                var queued = false
                e.register("A") { m ->
                    log += "handle ${m[0]}"
                    if (!queued) {
                        queued = true
                        support.afterBatch { log += "first task on ${Thread.currentThread().name}" }
                        support.afterBatch { log += "second task" }
                    }
                }
                repeat(3) { e.put("A", it) }
                e.stop(true, EventEngine.FOREVER) // one batch, on this thread
                log shouldContainExactly
                    listOf(
                        "handle 0",
                        "handle 1",
                        "handle 2",
                        "first task on ${Thread.currentThread().name}",
                        "second task",
                    )
            }
        }

        test("off the dispatcher an after-batch task runs at once; a failing one is contained") {
            EventEngine.create().use { e ->
                val support = EngineSupport.of(e)
                val ran = AtomicReference<Thread>()
                support.afterBatch { error("boom") }
                support.afterBatch { ran.set(Thread.currentThread()) }
                ran.get() shouldBe Thread.currentThread()
            }
        }

        test("beforeBlocking runs the tasks queued so far before the handler blocks") {
            EventEngine.create().use { e ->
                val support = EngineSupport.of(e)
                val log = java.util.concurrent.CopyOnWriteArrayList<String>()
                e.register("A") { m ->
                    support.afterBatch { log += "task of ${m[0]}" }
                    if (m[0] == 0) {
                        support.beforeBlocking()
                        log += "blocking in 0"
                    }
                }
                e.put("A", 0)
                e.put("A", 1)
                e.stop(true, EventEngine.FOREVER)
                log shouldContainExactly listOf("task of 0", "blocking in 0", "task of 1")
            }
        }

        test("after a batch whose task woke a consumer the dispatcher skips its spins; only then") {
            // Spins that would last for minutes and one yield: the dispatcher parks only when it
            // skips the spins.
            val idle = IdleStrategy(Int.MAX_VALUE, 1, true)
            EventEngine.builder().idleStrategy(idle).build().use { e ->
                val support = EngineSupport.of(e)
                val dispatcher = AtomicReference<Thread>()
                e.register("Woke") {
                    dispatcher.set(Thread.currentThread())
                    support.afterBatch { support.consumerWoken() }
                }
                val quiet = CountDownLatch(1)
                e.register("Quiet") { quiet.countDown() }
                e.start()
                e.put("Woke")
                val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
                while (dispatcher.get()?.state != Thread.State.WAITING) {
                    check(System.nanoTime() < deadline) {
                        "the dispatcher did not park after the batch that woke a consumer " +
                            "(state ${dispatcher.get()?.state})"
                    }
                    Thread.sleep(1)
                }
                support.consumerWoken() // off the dispatcher: no effect on its next idle phase
                e.put("Quiet")
                quiet.await(10, TimeUnit.SECONDS) shouldBe true
                repeat(50) {
                    Thread.sleep(4)
                    dispatcher.get().state shouldBe Thread.State.RUNNABLE // spinning
                }
            }
        }

        test("the dispatcher stamps a message when it takes it, not when it is published") {
            val clock =
                io.eventengine.test.ManualClock(java.time.Instant.parse("2026-01-05T09:30:00Z"))
            EventEngine.builder().clock(clock).build().use { e ->
                val stamps = java.util.concurrent.CopyOnWriteArrayList<Long>()
                e.register("A") { m -> stamps += m.timestampMillis() }
                e.put("A", 1)
                val published = clock.millis()
                clock.advance(Duration.ofSeconds(5))
                e.stop(true, EventEngine.FOREVER)
                stamps shouldContainExactly listOf(published + 5_000)
            }
        }
    })
