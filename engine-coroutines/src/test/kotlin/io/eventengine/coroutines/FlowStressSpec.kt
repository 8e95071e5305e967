package io.eventengine.coroutines

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineStart.UNDISPATCHED
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/**
 * The dispatcher-to-collector hand-off ([CollectorBuffer]) on real threads, with exact accounting:
 * two producer threads put numbered messages into a started engine while collectors on other
 * threads take them through small SUSPEND buffers, so the dispatcher keeps meeting full buffers
 * (its wait for room) and the collectors empty ones (their suspension and resume). Every collector
 * must see every message once, each producer's in the order it put them, and nothing may be
 * dropped.
 */
class FlowStressSpec :
    FunSpec({
        test("2 producers, 3 collectors with buffers of 1, 2 and 8: every message once, in order") {
            val perProducer = 20_000
            val producers = 2
            val capacities = listOf(1, 2, 8)
            val collectorThreads = Executors.newFixedThreadPool(2).asCoroutineDispatcher()
            eventEngine {
                name = "flow-stress"
                capacity = 64
            }
                .use { engine ->
                    engine.start()
                    runBlocking {
                        val collectors = capacities.map { capacity ->
                            async(collectorThreads, start = UNDISPATCHED) {
                                engine
                                    .flow("Stress.{producer}", capacity = capacity)
                                    .take(perProducer * producers)
                                    .toList()
                            }
                        }
                        val start = CountDownLatch(1)
                        val threads =
                            (0 until producers).map { p ->
                                Thread {
                                    start.await()
                                    repeat(perProducer) { i -> engine.put("Stress.p$p", p, i) }
                                }
                                    .apply { start() }
                            }
                        start.countDown()
                        // registered before the producers start: async UNDISPATCHED subscribes at
                        // once
                        val received = withTimeout(60.seconds) { collectors.awaitAll() }
                        threads.forEach { it.join() }
                        for (messages in received) {
                            messages.size shouldBe perProducer * producers
                            for (p in 0 until producers) {
                                messages
                                    .filter { it.arg<Int>(0) == p }
                                    .map { it.arg<Int>(1) } shouldBe (0 until perProducer).toList()
                            }
                        }
                        engine.stats().subscriberDrops shouldBe 0
                    }
                }
            collectorThreads.close()
        }
    })
