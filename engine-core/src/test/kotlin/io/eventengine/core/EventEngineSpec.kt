package io.eventengine.core

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/** PyEventEngine's engine behaviours, plus the engine's own guarantees. */
class EventEngineSpec :
    FunSpec({
        val noKwargs = emptyMap<String, Any?>()

        fun engine(capacity: Int = 64) =
            EventEngine.builder().capacity(capacity).name("spec").build()

        test("capacity 2: the third non-blocking put fails with Full and names what to do") {
            engine(2).use { e ->
                val t = Topic.of("A.B")
                e.publish(t, listOf(1), noKwargs, PublishOptions.NON_BLOCKING)
                e.publish(t, listOf(2), noKwargs, PublishOptions.NON_BLOCKING)
                val full =
                    shouldThrow<QueueFullException> {
                        e.publish(t, listOf(3), noKwargs, PublishOptions.NON_BLOCKING)
                    }
                full.message shouldContain "capacity 2"
                full.message shouldContain "'A.B'"
                e.tryPublish(t, 4) shouldBe false
                e.occupancy() shouldBe 2
                e.stats().rejectedPuts shouldBe 2
            }
        }

        test("a timed-out blocking put fails with Full after waiting") {
            engine(2).use { e ->
                val t = Topic.of("A.B")
                e.put(t, 1)
                e.put(t, 2)
                val full =
                    shouldThrow<QueueFullException> {
                        e.publish(
                            t,
                            listOf(3),
                            noKwargs,
                            PublishOptions.waitAtMost(Duration.ofMillis(20)),
                        )
                    }
                full.message shouldContain "within PT0.02S"
                e.occupancy() shouldBe 2
            }
        }

        test(
            "poll(ZERO) on an empty queue fails with Empty and tryPoll returns null; both return messages in order with seq ids"
        ) {
            engine().use { e ->
                shouldThrow<QueueEmptyException> { e.poll(Duration.ZERO) }.message shouldContain
                    "empty"
                shouldThrow<QueueEmptyException> { e.poll(Duration.ofMillis(10)) }
                    .message shouldContain "PT0.01S"
                e.tryPoll() shouldBe null
                e.put("A.B", "x")
                e.put("A.B", "y")
                e.put("A.C", "z")
                val got = listOf(e.poll(Duration.ZERO), e.tryPoll()!!, e.take())
                got.map { it.args()[0] } shouldContainExactly listOf("x", "y", "z")
                got.map { it.seqId() } shouldContainExactly listOf(0L, 1L, 2L)
            }
        }

        test("a waiting poll returns a put from another thread") {
            engine().use { e ->
                val producer = Thread {
                    Thread.sleep(50)
                    e.put("Late.Topic", 1)
                }
                producer.start()
                e.poll(Duration.ofSeconds(10)).topic() shouldBe Topic.of("Late.Topic")
                producer.join()
            }
        }

        test("putting on a pattern is an error that names it") {
            engine().use { e ->
                val err = shouldThrow<IllegalArgumentException> { e.put("Market.Data.{symbol}", 1) }
                err.message shouldContain "'Market.Data.{symbol}'"
                err.message shouldContain "pattern"
                e.occupancy() shouldBe 0
            }
        }

        test(
            "seq ids count 0, 1, 2 in dispatch order and an exact and a matching pattern hook both fire"
        ) {
            engine().use { e ->
                val seen = CopyOnWriteArrayList<String>()
                val done = CountDownLatch(6)
                e.register("Market.Data.AAPL") { m ->
                    seen += "exact:${m.seqId()}"
                    done.countDown()
                }
                e.register("Market.Data.{symbol}") { m ->
                    seen += "pattern:${m.seqId()}"
                    done.countDown()
                }
                e.register("Other.*") { seen += "other" }
                repeat(3) { e.put("Market.Data.AAPL", it) }
                e.start()
                done.await(10, TimeUnit.SECONDS) shouldBe true
                seen shouldContainExactly
                    listOf("exact:0", "pattern:0", "exact:1", "pattern:1", "exact:2", "pattern:2")
            }
        }

        test("a throwing handler does not stop the next one or the engine") {
            engine().use { e ->
                val done = CountDownLatch(2)
                e.register("A") { error("boom") }
                e.register("A") { done.countDown() }
                e.start()
                e.put("A")
                e.put("A")
                done.await(10, TimeUnit.SECONDS) shouldBe true
                e.stop()
                e.stats().handlerFailures shouldBe 2
                e.stats().dispatched shouldBe 2
            }
        }

        test("stop keeps pending messages and start delivers them; close drains") {
            val e = engine()
            val got = CopyOnWriteArrayList<Any?>()
            e.register("A") { got += it.args()[0] }
            e.start()
            e.stop()
            e.put("A", 1)
            e.put("A", 2)
            e.occupancy() shouldBe 2
            got.shouldBeEmpty()
            e.start()
            e.put("A", 3)
            e.close()
            got shouldContainExactly listOf(1, 2, 3)
            shouldThrow<IllegalStateException> { e.put("A", 4) }.message shouldContain "closed"
            shouldThrow<IllegalStateException> { e.start() }
        }

        test("close on a never-started engine delivers pending messages on the caller") {
            val e = engine()
            val got = CopyOnWriteArrayList<Any?>()
            e.register("A") { got += Thread.currentThread().name }
            e.put("A")
            e.close()
            got shouldContainExactly listOf(Thread.currentThread().name)
        }

        test("a handler publishing into a full queue fails fast instead of deadlocking") {
            val e = engine(2)
            val failures = CopyOnWriteArrayList<Throwable>()
            val parents = CopyOnWriteArrayList<Long>()
            e.register("Loop") { m ->
                try {
                    repeat(5) { e.put("Child", m.seqId()) }
                } catch (t: QueueFullException) {
                    failures += t
                }
            }
            e.register("Child") { parents += it.parentSeqId() }
            e.put("Loop")
            e.start()
            e.stop(true, Duration.ofSeconds(10)) shouldBe 0
            failures.size shouldBe 1
            failures[0].message shouldContain "dispatcher thread"
            parents shouldContainExactly listOf(0L, 0L)
            e.close()
        }

        test(
            "registering twice, unregistering what is missing and clearing while running are clear errors"
        ) {
            engine().use { e ->
                val hook = EventHook(Topic.of("A.B"))
                e.registerHook(hook)
                shouldThrow<IllegalArgumentException> { e.registerHook(EventHook(Topic.of("A.B"))) }
                    .message shouldContain "already registered"
                shouldThrow<NoSuchElementException> { e.unregisterHook(Topic.of("X")) }
                    .message shouldContain "A.B"
                e.unregisterHook(Topic.of("A.B")) shouldBe hook
                e.start()
                shouldThrow<IllegalStateException> { e.clear() }.message shouldContain "stop()"
                shouldThrow<IllegalStateException> { e.poll(Duration.ZERO) }.message shouldContain
                    "running"
            }
        }

        test("the last handler's removal removes the hook; a registration closes once") {
            engine().use { e ->
                val h1 = EventHandler {}
                val h2 = EventHandler {}
                val r1 = e.register("A.{x}", h1)
                e.register("A.{x}", h2)
                e.size() shouldBe 1
                r1.close()
                r1.close()
                e.hook(Topic.of("A.{x}")).handlers() shouldContainExactly listOf(h2)
                e.unregister(Topic.of("A.{x}"), h2) shouldBe true
                e.unregister(Topic.of("A.{x}"), h2) shouldBe false
                e.size() shouldBe 0
                e.hooks().shouldBeEmpty()
            }
        }
    })
