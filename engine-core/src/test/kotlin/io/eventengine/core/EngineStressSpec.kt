package io.eventengine.core

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.time.Duration
import java.util.concurrent.CountDownLatch
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong
import java.util.concurrent.atomic.AtomicReference
import kotlin.concurrent.thread

/**
 * Many producers through a started engine with a small queue (capacity 64), so producers find it
 * full and park (or retry) all the time while the dispatcher drains and wakes them. Every message
 * carries (producer, sequence); the checks are exact: each message delivered once, each producer's
 * order kept, seq ids 0..n-1 without a gap in dispatch order, and the engine's counters equal to
 * what was sent.
 *
 * Completion is awaited with generous timeouts; nothing here measures time.
 */
class EngineStressSpec :
    FunSpec({
        /** One dispatched message, as the handler saw it on the dispatcher thread. */
        data class Seen(val producer: Int, val seq: Int, val seqId: Long)

        /**
         * Starts [PRODUCERS] threads released together, each running [body] with its index;
         * rethrows failures.
         */
        fun runProducers(body: (producer: Int) -> Unit) {
            val start = CyclicBarrier(PRODUCERS)
            val failure = AtomicReference<Throwable>()
            val threads =
                List(PRODUCERS) { p ->
                    thread(name = "stress-producer-$p", isDaemon = true) {
                        try {
                            start.await()
                            body(p)
                        } catch (t: Throwable) {
                            failure.compareAndSet(null, t)
                        }
                    }
                }
            threads.forEach {
                it.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS))
                check(!it.isAlive) {
                    "${it.name} did not finish: a producer stranded (lost wake-up?)"
                }
            }
            failure.get()?.let { throw it }
        }

        /**
         * Every producer's messages, once each, in its order; seq ids 0, 1, 2... in dispatch order.
         */
        fun checkDelivery(seen: List<Seen>) {
            seen.size shouldBe TOTAL
            seen.map { it.seqId } shouldContainExactly (0L until TOTAL.toLong()).toList()
            for (p in 0 until PRODUCERS) {
                seen.filter { it.producer == p }.map { it.seq } shouldContainExactly
                    (0 until PER_PRODUCER).toList()
            }
        }

        fun topicOf(p: Int) = Topic.of("Stress.P$p")

        fun blockingRun(builder: EventEngineBuilder, options: PublishOptions) {
            val seen = ArrayList<Seen>(TOTAL) // dispatcher thread only; read after the latch
            val done = CountDownLatch(TOTAL)
            builder.capacity(CAPACITY).name("stress").build().use { e ->
                e.register("Stress.{producer}") { m ->
                    seen += Seen(m.args()[0] as Int, m.args()[1] as Int, m.seqId())
                    done.countDown()
                }
                e.start()
                runProducers { p ->
                    val topic = topicOf(p)
                    for (i in 0 until PER_PRODUCER) {
                        e.publish(topic, listOf(p, i), emptyMap<String, Any?>(), options)
                    }
                }
                done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS) shouldBe true
                e.stop()
                checkDelivery(seen)
                val stats = e.stats()
                stats.published shouldBe TOTAL.toLong()
                stats.dispatched shouldBe TOTAL.toLong()
                stats.occupancy shouldBe 0
                stats.rejectedPuts shouldBe 0
                stats.handlerFailures shouldBe 0
            }
        }

        test(
            "blocking puts, default idle strategy: every message once, in producer order, no seq gap"
        ) {
            blockingRun(EventEngine.builder(), PublishOptions.BLOCKING)
        }

        test(
            "blocking puts parking at once (no spin, with a deadline) against a parking dispatcher taking one at a time"
        ) {
            blockingRun(
                EventEngine.builder().idleStrategy(IdleStrategy.parking()).batchSize(1),
                PublishOptions(Duration.ofSeconds(TIMEOUT_SECONDS), 0),
            )
        }

        test("request/response: every put to an idle, parked dispatcher wakes it") {
            // Each put waits for the previous message's handler, so the dispatcher has just gone
            // idle and parks (or
            // is about to) every time: a lost consumer wake-up strands it, which the watchdog
            // reports. With many
            // producers in flight, a later put would mask a missed wake-up; this test leaves none.
            val acked = java.util.concurrent.atomic.AtomicInteger(-1)
            EventEngine.builder()
                .capacity(CAPACITY)
                .idleStrategy(IdleStrategy.parking())
                .name("stress")
                .build()
                .use { e ->
                    e.register("Ping") { m -> acked.set(m.args()[0] as Int) }
                    e.start()
                    val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS)
                    for (i in 0 until HANDOFFS) {
                        e.put("Ping", i)
                        while (acked.get() != i) {
                            check(System.nanoTime() - deadline < 0) {
                                "message $i of $HANDOFFS was never dispatched: the dispatcher stranded (lost wake-up?)"
                            }
                            Thread.onSpinWait()
                        }
                    }
                    e.stop()
                    e.stats().dispatched shouldBe HANDOFFS.toLong()
                }
        }

        test(
            "non-blocking tryPut with retries: every message once, in order; rejections counted exactly"
        ) {
            val seen = ArrayList<Seen>(TOTAL)
            val done = CountDownLatch(TOTAL)
            val rejected = AtomicLong()
            EventEngine.builder()
                .capacity(CAPACITY)
                .idleStrategy(IdleStrategy.parking())
                .name("stress")
                .build()
                .use { e ->
                    e.register("Stress.{producer}") { m ->
                        seen += Seen(m.args()[0] as Int, m.args()[1] as Int, m.seqId())
                        done.countDown()
                    }
                    e.start()
                    runProducers { p ->
                        val topic = topicOf(p)
                        var failed = 0L
                        for (i in 0 until PER_PRODUCER) {
                            while (!e.tryPublish(topic, p, i)) {
                                failed++
                                Thread.yield()
                            }
                        }
                        rejected.addAndGet(failed)
                    }
                    done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS) shouldBe true
                    e.stop()
                    checkDelivery(seen)
                    val stats = e.stats()
                    stats.published shouldBe TOTAL.toLong()
                    stats.dispatched shouldBe TOTAL.toLong()
                    stats.occupancy shouldBe 0
                    stats.rejectedPuts shouldBe rejected.get()
                }
        }

        test(
            "handlers register and unregister handlers during dispatch while another thread churns registrations"
        ) {
            // A recorder on the pattern sees everything. On every 7th message of a producer's
            // topic, the recorder
            // registers a transient handler on that exact topic and unregisters the one it
            // registered before (the
            // hook goes with its last handler, so routes change under the dispatcher's cache). The
            // exact hook fires
            // before the pattern hook, so a transient registered while message r is dispatched must
            // get exactly the
            // messages of its topic with r < seqId <= u, where u is the message during which it is
            // unregistered.
            class Transient(val topic: Topic, val registeredAt: Long) : EventHandler {
                val calls = ArrayList<Long>() // dispatcher thread only
                var unregisteredAt = Long.MAX_VALUE // dispatcher thread only

                override fun handle(message: MessagePayload) {
                    calls += message.seqId()
                }
            }

            val seen = ArrayList<Seen>(TOTAL)
            val topicSeqIds = List(PRODUCERS) { ArrayList<Long>() }
            val transients = ArrayList<Transient>()
            val current = arrayOfNulls<Transient>(PRODUCERS)
            val done = CountDownLatch(TOTAL)
            val churning = AtomicBoolean(true)
            val churnRounds = AtomicLong()
            val noiseCalls = AtomicLong()
            EventEngine.builder().capacity(CAPACITY).name("stress").build().use { e ->
                val recorder =
                    e.register("Stress.{producer}") { m ->
                        val p = m.args()[0] as Int
                        seen += Seen(p, m.args()[1] as Int, m.seqId())
                        topicSeqIds[p] += m.seqId()
                        if ((m.args()[1] as Int) % 7 == 0) {
                            current[p]?.let { old ->
                                e.unregister(old.topic, old) shouldBe true
                                old.unregisteredAt = m.seqId()
                            }
                            val t = Transient(m.topic(), m.seqId())
                            e.register(t.topic, t)
                            current[p] = t
                            transients += t
                        }
                        done.countDown()
                    }
                val churnFailure = AtomicReference<Throwable>()
                val churner =
                    thread(name = "stress-churner", isDaemon = true) {
                        val noise = EventHandler { noiseCalls.incrementAndGet() }
                        val topics = listOf(Topic.of("Stress.**"), topicOf(0), Topic.of("Stress.*"))
                        try {
                            while (churning.get()) {
                                for (t in topics) {
                                    e.register(t, noise)
                                    e.register(t, noise, true) // de-duplicated: not added twice
                                }
                                for (t in topics) {
                                    e.unregister(t, noise) shouldBe true
                                    e.unregister(t, noise) shouldBe false
                                }
                                churnRounds.incrementAndGet()
                            }
                        } catch (t: Throwable) {
                            churnFailure.set(t)
                        }
                    }
                e.start()
                runProducers { p ->
                    val topic = topicOf(p)
                    for (i in 0 until PER_PRODUCER) e.put(topic, p, i)
                }
                done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS) shouldBe true
                churning.set(false)
                churner.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS))
                check(!churner.isAlive) { "the churner did not finish" }
                churnFailure.get()?.let { throw it }
                e.stop()

                checkDelivery(seen)
                e.stats().dispatched shouldBe TOTAL.toLong()
                e.stats().handlerFailures shouldBe 0
                (churnRounds.get() > 0) shouldBe true
                transients.size shouldBe PRODUCERS * ((PER_PRODUCER + 6) / 7)
                for (t in transients) {
                    val p = t.topic.value().removePrefix("Stress.P").toInt()
                    t.calls shouldContainExactly
                        topicSeqIds[p].filter { it > t.registeredAt && it <= t.unregisteredAt }
                }

                // unregister everything: the engine holds no hook afterwards
                recorder.close()
                for (t in current.filterNotNull()) e.unregister(t.topic, t) shouldBe true
                e.size() shouldBe 0
                e.hooks().shouldBeEmpty()
                e.topics().shouldBeEmpty()
            }
        }
    }) {
    private companion object {
        const val PRODUCERS = 4
        const val PER_PRODUCER = 5_000
        const val TOTAL = PRODUCERS * PER_PRODUCER
        const val CAPACITY = 64
        const val HANDOFFS = 20_000
        const val TIMEOUT_SECONDS = 60L
    }
}
