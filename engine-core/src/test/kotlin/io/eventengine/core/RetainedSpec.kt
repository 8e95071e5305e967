package io.eventengine.core

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicIntegerArray
import java.util.concurrent.atomic.AtomicReference
import java.util.concurrent.locks.LockSupport
import kotlin.concurrent.thread

/**
 * Retained messages (MQTT's retain): the last retained message per exact topic, handed to every
 * later subscriber whose pattern matches before its live messages, with neither a gap nor a
 * duplicate between the two. Most tests drive the engine by hand: `stop(true, FOREVER)` on a
 * stopped engine dispatches what is queued (and the replays owed) on the calling thread.
 */
class RetainedSpec :
    FunSpec({
        val retained = PublishOptions.BLOCKING.retained()

        fun MessagePayload.int(index: Int): Int = get(index) as Int

        fun EventEngine.drain() = stop(true, EventEngine.FOREVER) shouldBe 0

        /** A handler that keeps "topic=value" of what it is handed, in order. */
        class Seen : EventHandler {
            val items: MutableList<String> = Collections.synchronizedList(mutableListOf())

            override fun handle(message: MessagePayload) {
                items += "${message.topic()}=${message.args().firstOrNull()}"
            }
        }

        test(
            "a late subscriber gets the last retained message of each matching topic, in seq order, then live"
        ) {
            EventEngine.create().use { engine ->
                engine.publish("Quote.A", retained, 1)
                engine.publish("Quote.B", retained, 2)
                engine.publish("Quote.A", retained, 3)
                engine.publish("Quote.C", 4) // not retained: nothing to hand over
                engine.drain()
                engine.retained("Quote.*").map {
                    it.topic().value() to it.int(0)
                } shouldContainExactly listOf("Quote.B" to 2, "Quote.A" to 3)

                val all = Seen()
                val onlyA = Seen()
                val none = Seen()
                engine.register("Quote.*", all)
                engine.register("Quote.A", onlyA)
                engine.register("Trade.*", none)
                engine.publish("Quote.B", 5)
                engine.drain()

                all.items shouldContainExactly listOf("Quote.B=2", "Quote.A=3", "Quote.B=5")
                onlyA.items shouldContainExactly listOf("Quote.A=3")
                none.items.shouldBeEmpty()
                // The live non-retained message replaced nothing: Quote.B still holds 2.
                engine.retained("Quote.B").single().int(0) shouldBe 2
            }
        }

        test("a replayed message is the original one: same seq id, timestamp and retained flag") {
            EventEngine.create().use { engine ->
                engine.publish("Quote.A", retained, 1)
                val live = AtomicReference<MessagePayload>()
                engine.register("Quote.A") { live.set(it) }
                engine.drain()
                val original = live.get()
                original.isRetained.shouldBeTrue()
                var replayed: MessagePayload? = null
                engine.register("Quote.*") { replayed = it }
                engine.drain()
                replayed shouldBeSameInstanceAs original
                original.seqId() shouldBe 0
            }
        }

        test("the replay reaches a subscriber on the dispatcher thread without any live message") {
            EventEngine.builder().name("retain-live").build().use { engine ->
                engine.start()
                engine.publish("Quote.A", retained, 1)
                val seen = CountDownLatch(1)
                val thread = AtomicReference<String>()
                // wait until dispatched: only then is it retained
                val stored = CountDownLatch(1)
                engine.register("Quote.A") { stored.countDown() }
                stored.await(10, TimeUnit.SECONDS).shouldBeTrue()
                engine.register("Quote.*") {
                    thread.set(Thread.currentThread().name)
                    seen.countDown()
                }
                seen.await(10, TimeUnit.SECONDS).shouldBeTrue()
                thread.get() shouldStartWith "retain-live"
            }
        }

        test("an empty retained message clears its topic and is still delivered live") {
            EventEngine.create().use { engine ->
                val live = Seen()
                engine.publish("Quote.A", retained, 1)
                engine.drain()
                engine.register("Quote.A", live)
                engine.publish(
                    "Quote.A",
                    retained,
                ) // no args, no kwargs: MQTT's empty retained message
                engine.drain()
                live.items shouldContainExactly listOf("Quote.A=1", "Quote.A=null")
                val late = Seen()
                engine.register("Quote.A", late)
                engine.drain()
                late.items.shouldBeEmpty()
                engine.retained("Quote.A").shouldBeEmpty()
                engine.retainedCount() shouldBe 0
                // kwargs alone make a message non-empty
                engine.publish(Topic.of("Quote.A"), listOf<Any>(), mapOf("bid" to 1.0), retained)
                engine.drain()
                engine.retained("Quote.A").single().getDouble("bid") shouldBe 1.0
            }
        }

        test(
            "clearRetained forgets by topic or pattern, counts what it cleared, and delivers nothing"
        ) {
            EventEngine.create().use { engine ->
                listOf("Quote.A", "Quote.B", "Trade.A", "Trade.B").forEach {
                    engine.publish(it, retained, it)
                }
                engine.drain()
                engine.retainedCount() shouldBe 4
                val seen = Seen()
                engine.register("Nothing.**", seen)
                engine.clearRetained("Quote.A") shouldBe 1
                engine.clearRetained("Quote.A") shouldBe 0
                engine.clearRetained("Trade.*") shouldBe 2
                engine.retained("**").map { it.topic().value() } shouldContainExactly
                    listOf("Quote.B")
                engine.clearRetained() shouldBe 1
                engine.retainedCount() shouldBe 0
                val late = Seen()
                engine.register("**", late)
                engine.drain()
                late.items.shouldBeEmpty()
                seen.items.shouldBeEmpty()
            }
        }

        test(
            "the builder retains every message on the topics its patterns match, and nothing else"
        ) {
            EventEngine.builder().retain("Quote.{symbol}", "Status").build().use { engine ->
                val flags = mutableListOf<Boolean>()
                engine.register("**") { flags += it.isRetained }
                engine.publish("Quote.A", 1)
                engine.publish("Status", "up")
                engine.publish("Trade.A", 2)
                engine.publish("Quote.A.Deep", 3)
                engine.drain()
                flags shouldContainExactly listOf(true, true, false, false)
                engine.retained("**").map { it.topic().value() } shouldContainExactly
                    listOf("Quote.A", "Status")
            }
        }

        test("bad retain settings fail on the builder, saying what to do") {
            shouldThrow<IllegalArgumentException> {
                    EventEngine.builder().publishOptions(PublishOptions.BLOCKING.retained())
                }
                .message shouldContain "retain(patterns...)"
            shouldThrow<IllegalArgumentException> { EventEngine.builder().maxRetainedTopics(0) }
                .message shouldContain "maxRetainedTopics must be >= 1"
            shouldThrow<TopicSyntaxException> { EventEngine.builder().retain("Quote./^[A-Z") }
        }

        test("at maxRetainedTopics, a new topic evicts the least recently updated one") {
            EventEngine.builder().maxRetainedTopics(3).build().use { engine ->
                engine.publish("T.A", retained, 1)
                engine.publish("T.B", retained, 2)
                engine.publish("T.C", retained, 3)
                engine.publish(
                    "T.A",
                    retained,
                    4,
                ) // refreshes A: B is now the least recently updated
                engine.publish("T.D", retained, 5)
                engine.drain()
                engine.retainedCount() shouldBe 3
                engine.retained("T.*").map { "${it.topic()}=${it.int(0)}" } shouldContainExactly
                    listOf("T.C=3", "T.A=4", "T.D=5")
            }
        }

        test("a deduplicating registration that adds nothing is owed nothing") {
            EventEngine.create().use { engine ->
                val seen = Seen()
                engine.register(Topic.of("Quote.A"), seen, false)
                engine.publish("Quote.A", retained, 1)
                engine.drain()
                engine.register(
                    Topic.of("Quote.A"),
                    seen,
                    true,
                ) // already there: no second copy, no replay
                engine.publish("Quote.A", 2)
                engine.drain()
                seen.items shouldContainExactly listOf("Quote.A=1", "Quote.A=2")
            }
        }

        test("a subscriber that leaves before its replay is handed nothing") {
            EventEngine.create().use { engine ->
                engine.publish("Quote.A", retained, 1)
                engine.drain()
                val seen = Seen()
                engine.register("Quote.*", seen).close()
                engine.drain()
                seen.items.shouldBeEmpty()
            }
        }

        test("a handler failing on a replayed message is counted and contained like a live one") {
            EventEngine.create().use { engine ->
                engine.publish("Quote.A", retained, 1)
                engine.drain()
                val after = Seen()
                engine.register("Quote.*") { error("boom on ${it.topic()}") }
                engine.register("Quote.*", after)
                engine.drain()
                engine.stats().handlerFailures() shouldBe 1
                after.items shouldContainExactly listOf("Quote.A=1")
            }
        }

        test(
            "stress: subscribers joining a racing producer see each topic from its retained value on, without gap or duplicate"
        ) {
            val topics = 4
            val perTopic = 5_000
            val subscribers = 120
            repeat(3) { round ->
                EventEngine.builder().name("retain-stress").capacity(256).build().use { engine ->
                    // What the dispatcher has handed out per topic, read after a registration: the
                    // value the
                    // registration found retained is at most one more (the message stored, not yet
                    // handed out).
                    val dispatched =
                        AtomicIntegerArray(topics).apply {
                            (0 until topics).forEach { set(it, -1) }
                        }
                    engine.register("S.*") { dispatched.set(it.int(1), it.int(0)) }
                    engine.start()

                    /**
                     * Per topic, values must run on by one. A subscriber to every topic is
                     * stricter: the producer goes round the topics, so the retained messages it is
                     * owed are the last `topics` seq ids before its registration and the live ones
                     * all that follow, and the seq ids it sees must run on by one across topics (a
                     * missed or stale retained message, or a duplicate, breaks the run).
                     */
                    class Checker(val allTopics: Boolean) : EventHandler {
                        val bound = IntArray(topics)
                        val first = IntArray(topics) { -1 }
                        val last = IntArray(topics) { -1 }
                        var lastSeq = -1L
                        var errors = 0
                        var offThread = 0

                        override fun handle(message: MessagePayload) {
                            if (!Thread.currentThread().name.startsWith("retain-stress"))
                                offThread++
                            val v = message.int(0)
                            val k = message.int(1)
                            if (first[k] == -1) first[k] = v else if (v != last[k] + 1) errors++
                            last[k] = v
                            if (allTopics && lastSeq != -1L && message.seqId() != lastSeq + 1)
                                errors++
                            lastSeq = message.seqId()
                        }
                    }

                    // Producer and registrations in lockstep, whatever the load: subscriber i
                    // registers once the producer has published `i * slot` rounds, and the
                    // producer waits for it before going more than a slot further. So subscriber i
                    // joins mid-stream, between rounds i * slot and (i + 1) * slot.
                    val slot = perTopic / (subscribers + 1)
                    val published = AtomicInteger()
                    val joined = AtomicInteger()
                    fun awaitUntil(what: String, condition: () -> Boolean) {
                        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
                        while (!condition()) {
                            check(System.nanoTime() < deadline) { "round $round: $what for 30 s" }
                            LockSupport.parkNanos(10_000)
                        }
                    }
                    val failure = AtomicReference<Throwable>()
                    val producer =
                        thread(name = "retain-producer") {
                            try {
                                for (v in 0 until perTopic) {
                                    awaitUntil("the producer waited for a registration") {
                                        joined.get() == subscribers ||
                                            v <= (joined.get() + 1) * slot
                                    }
                                    for (k in 0 until topics) engine.publish("S.$k", retained, v, k)
                                    published.set(v + 1)
                                }
                            } catch (t: Throwable) {
                                failure.set(t)
                            }
                        }
                    val checkers = mutableListOf<Pair<Checker, Topic>>()
                    for (i in 0 until subscribers) {
                        awaitUntil("subscriber $i waited for the producer") {
                            published.get() >= i * slot || failure.get() != null
                        }
                        val pattern = Topic.of(if (i % 3 == 0) "S.${i % topics}" else "S.*")
                        val checker = Checker(allTopics = !pattern.isExact)
                        engine.register(pattern, checker)
                        for (k in 0 until topics) checker.bound[k] = dispatched.get(k)
                        checkers += checker to pattern
                        joined.incrementAndGet()
                    }
                    producer.join(60_000)
                    failure.get()?.let { throw it }
                    engine.close() // delivers everything accepted

                    // The race was run: most subscribers joined mid-stream, owed a retained value
                    // and then live ones.
                    val joinedMidStream = checkers.count { (c, _) ->
                        c.first.any { it in 1 until perTopic - 1 }
                    }
                    check(joinedMidStream >= subscribers / 2) {
                        "round $round: only $joinedMidStream of $subscribers subscribers joined while the producer ran"
                    }
                    for ((c, pattern) in checkers) {
                        c.errors shouldBe 0
                        c.offThread shouldBe 0
                        for (k in 0 until topics) {
                            val matches = pattern.matches(Topic.of("S.$k"))
                            if (!matches) {
                                c.first[k] shouldBe -1
                                continue
                            }
                            // from the retained value (or 0) to the end, every value once, in order
                            c.last[k] shouldBe perTopic - 1
                            check(c.first[k] <= c.bound[k] + 1) {
                                "round $round: a subscriber to $pattern started topic $k at ${c.first[k]}, after " +
                                    "${c.bound[k]} had been dispatched: a gap at the boundary"
                            }
                        }
                    }
                }
            }
        }
    })
