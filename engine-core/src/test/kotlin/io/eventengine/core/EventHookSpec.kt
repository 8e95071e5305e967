package io.eventengine.core

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

class EventHookSpec :
    FunSpec({
        val topic = Topic.of("Market.Data.AAPL")
        fun message(vararg args: Any?) = MessagePayload.of(topic, *args)

        test("handlers run in registration order, a handler added twice runs twice") {
            val calls = mutableListOf<String>()
            val hook = EventHook(topic)
            val a = EventHandler { calls += "a" }
            val b = EventHandler { calls += "b" }
            hook += a
            hook += b
            hook.add(a) shouldBe true

            hook.trigger(message()) shouldBe 0

            calls shouldContainExactly listOf("a", "b", "a")
            hook.size() shouldBe 3
            hook.handlers() shouldContainExactly listOf(a, b, a)
            hook.toList() shouldContainExactly listOf(a, b, a)
        }

        test("de-duplication refuses an equal handler and keeps the first position") {
            val hook = EventHook(topic)
            val a = EventHandler {}
            val b = EventHandler {}
            hook.add(a, true) shouldBe true
            hook.add(b, true) shouldBe true
            hook.add(a, true) shouldBe false
            hook.handlers() shouldContainExactly listOf(a, b)
        }

        test("remove takes the first occurrence, contains and minusAssign follow it") {
            val hook = EventHook(topic)
            val a = EventHandler {}
            val b = EventHandler {}
            hook += a
            hook += b
            hook += a
            (a in hook) shouldBe true

            hook.remove(a) shouldBe true
            hook.handlers() shouldContainExactly listOf(b, a)
            hook -= a
            hook.handlers() shouldContainExactly listOf(b)
            (a in hook) shouldBe false
            hook.remove(a) shouldBe false

            hook.clear()
            hook.isEmpty shouldBe true
            hook.handlers().shouldBeEmpty()
        }

        test("a throwing handler is counted and the next one still runs, errors included") {
            val hook = EventHook(topic)
            val reached = AtomicInteger()
            hook += EventHandler { throw IllegalStateException("boom") }
            hook += EventHandler { throw StackOverflowError() }
            hook += EventHandler { throw java.io.IOException("checked") }
            hook += EventHandler { reached.incrementAndGet() }

            hook.trigger(message()) shouldBe 3
            hook.trigger(message()) shouldBe 3

            reached.get() shouldBe 2
            hook.failures() shouldBe 6
        }

        test("10 000 failing calls, errors included, leave the hook working") {
            val hook = EventHook(topic)
            val calls = AtomicInteger()
            hook += EventHandler {
                if (calls.incrementAndGet() % 2 == 0) throw StackOverflowError() else error("boom")
            }
            val reached = AtomicInteger()
            hook += EventHandler { reached.incrementAndGet() }

            repeat(10_000) { hook.trigger(message()) shouldBe 1 }

            reached.get() shouldBe 10_000
            hook.failures() shouldBe 10_000
        }

        test("a real stack overflow in a handler is contained") {
            val hook = EventHook(topic)
            fun recurse(n: Int): Int = recurse(n + 1) + 1
            hook += EventHandler { recurse(0) }
            val reached = AtomicInteger()
            hook += EventHandler { reached.incrementAndGet() }

            repeat(5) { hook.trigger(message()) shouldBe 1 }

            reached.get() shouldBe 5
        }

        test("an interrupted handler keeps the thread's interrupt status") {
            val hook = EventHook(topic)
            hook += EventHandler { throw InterruptedException("stop") }
            hook.trigger(message()) shouldBe 1
            Thread.interrupted() shouldBe true // also clears it for the next test
        }

        test("handlers added or removed during a trigger apply from the next message") {
            val hook = EventHook(topic)
            val calls = mutableListOf<String>()
            val late = EventHandler { calls += "late" }
            lateinit var self: EventHandler
            self = EventHandler {
                calls += "self"
                hook -= self
                hook += late
            }
            hook += self

            hook.trigger(message())
            calls shouldContainExactly listOf("self")
            hook.trigger(message())
            calls shouldContainExactly listOf("self", "late")
        }

        test("statistics count calls, failures and time per handler and per hook") {
            val hook = EventHook(topic, true)
            val ok = EventHandler { Thread.sleep(1) }
            val bad = EventHandler { error("no") }
            hook += ok
            hook += bad

            repeat(3) { hook.trigger(message()) }

            val stats = hook.stats()
            stats.topic shouldBe topic
            stats.triggers shouldBe 3
            stats.calls shouldBe 6
            stats.failures shouldBe 3
            stats.handlers.map { it.handler } shouldContainExactly listOf(ok, bad)
            val okStats = stats.handlers[0]
            okStats.calls shouldBe 3
            okStats.failures shouldBe 0
            okStats.totalNanos shouldBeGreaterThanOrEqual 3_000_000
            okStats.maxNanos shouldBeGreaterThanOrEqual 1_000_000
            okStats.meanNanos() shouldBe okStats.totalNanos / 3.0
            stats.handlers[1].failures shouldBe 3
            stats.totalNanos shouldBeGreaterThanOrEqual okStats.totalNanos
            stats.maxNanos shouldBeGreaterThan 0

            hook.resetStats()
            val reset = hook.stats()
            reset.triggers shouldBe 0
            reset.calls shouldBe 0
            reset.failures shouldBe 0
            reset.handlers.all {
                it.calls == 0L && it.failures == 0L && it.totalNanos == 0L
            } shouldBe true
        }

        test("stats() on a hook without statistics is a clear error") {
            val e = shouldThrow<IllegalStateException> { EventHook(topic).stats() }
            e.message shouldContain "Market.Data.AAPL"
            e.message shouldContain "new EventHook(topic, true)"
        }

        test("concurrent triggers and registrations neither lose calls nor throw") {
            val hook = EventHook(topic, true)
            val counted = AtomicInteger()
            val counting = EventHandler { counted.incrementAndGet() }
            hook += counting
            val pool = Executors.newFixedThreadPool(4)
            val start = CountDownLatch(1)
            val triggers = 20_000
            repeat(2) {
                pool.submit {
                    start.await()
                    repeat(triggers) { hook.trigger(message()) }
                }
            }
            val churn = pool.submit {
                start.await()
                repeat(2_000) {
                    val h = EventHandler {}
                    hook += h
                    hook -= h
                }
            }
            start.countDown()
            churn.get(30, TimeUnit.SECONDS)
            pool.shutdown()
            pool.awaitTermination(30, TimeUnit.SECONDS) shouldBe true

            counted.get() shouldBe 2 * triggers
            hook.handlers() shouldContainExactly listOf(counting)
            val stats = hook.stats()
            stats.triggers shouldBe (2L * triggers)
            stats.handlers.single().calls shouldBe (2L * triggers)
        }
    })
