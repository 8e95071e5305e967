package io.eventengine.core

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

class EngineLifecycleSpec :
    FunSpec({
        fun engine(configure: EventEngineBuilder.() -> Unit = {}) =
            EventEngine.builder().name("life").apply(configure).build()

        fun awaitTrue(what: String, condition: () -> Boolean) {
            val end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
            while (!condition()) {
                check(System.nanoTime() < end) { "timed out waiting for $what" }
                Thread.sleep(1)
            }
        }

        test("10 000 throwing handler calls, errors included, and the dispatcher lives") {
            engine().use { e ->
                val calls = AtomicInteger()
                val survivors = AtomicInteger()
                e.register("Boom") {
                    if (calls.incrementAndGet() % 2 == 0) throw StackOverflowError()
                    else error("boom")
                }
                e.register("Boom") { survivors.incrementAndGet() }
                e.start()
                repeat(10_000) { e.put("Boom") }
                e.stop(true, Duration.ofSeconds(30)) shouldBe 0
                survivors.get() shouldBe 10_000
                e.stats().handlerFailures shouldBe 10_000
                e.start()
                val after = CountDownLatch(1)
                e.register("After") { after.countDown() }
                e.put("After")
                after.await(10, TimeUnit.SECONDS) shouldBe true
            }
        }

        test("run() drives the loop on the caller's thread until a handler stops it") {
            engine().use { e ->
                val threads = CopyOnWriteArrayList<String>()
                e.register("Work") { threads += Thread.currentThread().name }
                e.register("Stop") { e.stop() }
                e.put("Work")
                e.put("Stop")
                e.put("Pending")
                e.run()
                threads shouldContainExactly listOf(Thread.currentThread().name)
                e.isRunning() shouldBe false
                e.occupancy() shouldBe 1 // the message after the stop stays queued
            }
        }

        test("a handler's publications carry its message's seq id as parent") {
            engine().use { e ->
                val parents = CopyOnWriteArrayList<Pair<Long, Long>>()
                val done = CountDownLatch(1)
                e.register("Root") { e.put("Child") }
                e.register("Child") { e.put("Grandchild") }
                e.register("**") { parents += it.seqId() to it.parentSeqId() }
                e.register("Grandchild") { done.countDown() }
                e.put("Root")
                e.start()
                done.await(10, TimeUnit.SECONDS) shouldBe true
                e.stop()
                parents shouldContainExactly listOf(0L to -1L, 1L to 0L, 2L to 1L)
            }
        }

        test(
            "a pattern registered after a route was cached gets the next message (cache invalidation)"
        ) {
            engine().use { e ->
                val seen = CopyOnWriteArrayList<String>()
                e.register("Q.A") { seen += "exact" }
                e.put("Q.A")
                e.stop(true, Duration.ofSeconds(10))
                val r = e.register("Q.*") { seen += "pattern" }
                e.put("Q.A")
                e.stop(true, Duration.ofSeconds(10))
                r.close()
                e.put("Q.A")
                e.stop(true, Duration.ofSeconds(10))
                seen shouldContainExactly listOf("exact", "exact", "pattern", "exact")
            }
        }

        test("the route cache stays bounded under unbounded distinct topics") {
            engine { routeCacheSize(100) }
                .use { e ->
                    val count = AtomicInteger()
                    e.register("Order.*") { count.incrementAndGet() }
                    e.start()
                    repeat(5_000) { e.put(Topic.join("Order", "id-$it")) }
                    e.stop(true, Duration.ofSeconds(30)) shouldBe 0
                    count.get() shouldBe 5_000
                    e.routeCacheSizeForTests() shouldBeLessThanOrEqual 100
                }
        }

        test("an idle dispatcher parks instead of burning a core, and wakes for the next put") {
            engine().use { e ->
                val got = CountDownLatch(1)
                e.register("Wake") { got.countDown() }
                e.start()
                val dispatcher =
                    Thread.getAllStackTraces().keys.single { it.name == "life-dispatcher" }
                awaitTrue("the dispatcher to park") { dispatcher.state == Thread.State.WAITING }
                e.put("Wake")
                got.await(10, TimeUnit.SECONDS) shouldBe true
            }
        }

        test("producers blocked on a full queue are woken when the dispatcher frees room") {
            engine { capacity(2) }
                .use { e ->
                    val release = CountDownLatch(1)
                    val delivered = AtomicInteger()
                    e.register("Slow") { release.await() }
                    e.register("Item") { delivered.incrementAndGet() }
                    e.start()
                    e.put("Slow")
                    val producer = Thread {
                        repeat(50) { e.put("Item") }
                    }
                    producer.start()
                    awaitTrue("the producer to block") {
                        producer.state == Thread.State.TIMED_WAITING
                    }
                    release.countDown()
                    producer.join(10_000)
                    producer.isAlive shouldBe false
                    e.stop(true, Duration.ofSeconds(10)) shouldBe 0
                    delivered.get() shouldBe 50
                }
        }

        test("stop(drain) reports what it could not deliver in time") {
            engine().use { e ->
                e.register("Slow") { Thread.sleep(20) }
                repeat(50) { e.put("Slow") }
                e.start()
                val left = e.stop(true, Duration.ofMillis(1))
                left shouldBeGreaterThan 0
                // stop returned at its timeout, counting the message whose handler was still
                // running (if any), and
                // the dispatcher stops once that handler returns
                awaitTrue("the dispatcher to stop") { !e.isRunning() }
                e.occupancy() shouldBeLessThanOrEqual left
                e.occupancy() shouldBeGreaterThanOrEqual left - 1
            }
        }

        test("clear removes hooks and timers only when stopped; pending messages stay") {
            engine().use { e ->
                e.register("A") {}
                e.timer(Duration.ofSeconds(5))
                e.put("A")
                e.clear()
                e.size() shouldBe 0
                e.occupancy() shouldBe 1
                e.start()
                shouldThrow<IllegalStateException> { e.clear() }.message shouldContain "stopped"
            }
        }

        test("a start() while a handler's stop() is still in flight leaves the engine running") {
            engine().use { e ->
                val stopCalled = CountDownLatch(1)
                val startCalled = CountDownLatch(1)
                e.register("StopMe") {
                    e.stop() // from the dispatcher: returns at once, the loop ends after this
                    // message
                    stopCalled.countDown()
                    startCalled.await(10, TimeUnit.SECONDS)
                }
                e.start()
                e.put("StopMe")
                stopCalled.await(10, TimeUnit.SECONDS) shouldBe true
                e.start() // the old loop has not exited yet
                startCalled.countDown()
                val later = CountDownLatch(1)
                e.register("Later") { later.countDown() }
                e.put("Later")
                later.await(10, TimeUnit.SECONDS) shouldBe true
                e.isRunning() shouldBe true
            }
        }

        test("start is idempotent, run while running is an error, get while running is an error") {
            engine().use { e ->
                e.start()
                e.start()
                e.isRunning() shouldBe true
                shouldThrow<IllegalStateException> { e.run() }
                shouldThrow<IllegalStateException> { e.take() }.message shouldContain
                    "stop() it first"
            }
        }
    })
