package io.eventengine.coroutines

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.nanoseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart.UNDISPATCHED
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.debug.DebugProbes
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

/**
 * After close(), every collection, ticker and waiting publisher ends by itself: no coroutine is
 * left suspended (checked with kotlinx-coroutines-debug's DebugProbes) and no engine thread is left
 * alive.
 */
@OptIn(ExperimentalCoroutinesApi::class)
class LeakSpec :
    FunSpec({
        beforeSpec {
            DebugProbes.enableCreationStackTraces = false
            DebugProbes.install()
        }
        afterSpec { DebugProbes.uninstall() }

        fun ours() =
            DebugProbes.dumpCoroutinesInfo().filter {
                it.context[CoroutineName]?.name == "leak-check"
            }

        test("no thread or coroutine outlives close()") {
            val scope =
                CoroutineScope(SupervisorJob() + Dispatchers.Default + CoroutineName("leak-check"))
            val received = AtomicInteger()
            val engine = eventEngine { name = "leaky" }
            val full = eventEngine {
                name = "leaky-full"
                capacity = 2
                closeTimeout = 1.nanoseconds
            }
            full.put("Fill")
            full.put("Fill")
            engine.start()

            scope.launch(start = UNDISPATCHED) {
                engine.flow("Data.{n}", capacity = 4).collect { received.incrementAndGet() }
            }
            scope.launch(start = UNDISPATCHED) {
                engine
                    .flow("Data.{n}", capacity = 1, onBufferOverflow = BufferOverflow.DROP_OLDEST)
                    .collect {
                        kotlinx.coroutines.delay(1.milliseconds)
                    }
            }
            scope.launch(start = UNDISPATCHED) {
                engine.secondTimerFlow().collect()
            } // engine timer thread
            scope.launch(start = UNDISPATCHED) { engine.tickerFlow(10.milliseconds).collect() }
            val producer = scope.launch {
                var i = 0
                while (true) engine.emit("Data.x", i++)
            }
            val waiting = scope.async { full.emit("Late") }

            eventually("messages flow") { received.get() > 1_000 }
            liveThread("leaky-timer") shouldNotBe null
            liveThread("leaky-dispatcher") shouldNotBe null
            // collectors, ticker (and its producer coroutine), producer, waiting publisher
            ours().size shouldBeGreaterThanOrEqual 7

            // Stop producing first: close() delivers what is queued, and a producer that keeps
            // publishing would keep it busy until its close timeout.
            producer.cancelAndJoin()
            engine.close()
            full.close() // closes with its queue still full: the waiting publisher is told

            // Everything else ends by itself: collections and ticker complete, the waiter fails.
            withTimeout(30.seconds) { scope.coroutineContext.job.children.forEach { it.join() } }
            runCatching { waiting.await() }.exceptionOrNull()!!.message!! shouldContain "closed"
            ours().shouldBeEmpty()
            scope.coroutineContext.job.children.toList().shouldBeEmpty()
            eventually("the engines' threads are gone") {
                Thread.getAllStackTraces().keys.none { it.name.startsWith("leaky") }
            }
            engine.hooks().shouldBeEmpty()
            scope.cancel()
        }
    })
