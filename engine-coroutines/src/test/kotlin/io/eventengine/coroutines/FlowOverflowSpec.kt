package io.eventengine.coroutines

import io.eventengine.core.Overflow
import io.eventengine.core.SubscriberOverflowException
import io.eventengine.core.Topic
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart.UNDISPATCHED
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.supervisorScope
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout

/**
 * What happens when a collector's buffer is full. The drop and fail-fast policies are checked on
 * one thread (the test thread dispatches, the collector waits on the test dispatcher); SUSPEND
 * makes the dispatcher thread wait, so its tests use a running engine.
 */
class FlowOverflowSpec :
    FunSpec({
        // The collector takes message 0 straight from the dispatch (it is waiting for it), then
        // stays busy: messages 1 and 2 fill its buffer of 2, and 3 and 4 overflow.
        for ((policy, kept) in
            listOf(
                BufferOverflow.DROP_LATEST to listOf(0, 1, 2),
                BufferOverflow.DROP_OLDEST to listOf(0, 3, 4),
            )) {
            val what =
                if (policy == BufferOverflow.DROP_LATEST) "the new messages"
                else "the oldest buffered messages"
            test("$policy drops $what and counts them") {
                runTest {
                    eventEngine().use { engine ->
                        val got =
                            async(start = UNDISPATCHED) {
                                engine
                                    .flow("Q.{n}", capacity = 2, onBufferOverflow = policy)
                                    .take(3)
                                    .map { it.arg<Int>(0) }
                                    .toList()
                            }
                        repeat(5) { engine.put("Q.x", it) }
                        engine.deliverPending()
                        got.await() shouldContainExactly kept
                        engine.stats().subscriberDrops shouldBe 2
                    }
                }
            }
        }

        test(
            "fail fast (SUSPEND with suspendTimeout zero): that collector gets its buffer, then SubscriberOverflowException (FAIL, was QueueFullException); others go on"
        ) {
            runTest {
                eventEngine().use { engine ->
                    supervisorScope {
                        val received = mutableListOf<Int>()
                        val failing =
                            async(start = UNDISPATCHED) {
                                engine
                                    .flow("Q.{n}", capacity = 2, suspendTimeout = Duration.ZERO)
                                    .collect { received += it.arg<Int>(0) }
                            }
                        val relaxed =
                            async(start = UNDISPATCHED) {
                                engine
                                    .flow("Q.{n}", capacity = Channel.UNLIMITED)
                                    .take(5)
                                    .map { it.arg<Int>(0) }
                                    .toList()
                            }
                        repeat(5) { engine.put("Q.x", it) }
                        engine.deliverPending()
                        // unregistered by the dispatch itself, before the collector even runs
                        engine.hook(io.eventengine.core.Topic.of("Q.{n}")).size() shouldBe 1
                        val error = shouldThrow<SubscriberOverflowException> { failing.await() }
                        error.message shouldContain "Subscriber of 'Q.{n}' overflowed"
                        error.message shouldContain "buffer of 2 messages"
                        error.message shouldContain "fail fast"
                        error.message shouldContain "policy FAIL"
                        error.pattern() shouldBe Topic.of("Q.{n}")
                        error.bufferSize() shouldBe 2
                        error.overflow() shouldBe Overflow.FAIL
                        received shouldContainExactly listOf(0, 1, 2)
                        relaxed.await() shouldContainExactly listOf(0, 1, 2, 3, 4)
                        engine.stats().subscriberDrops shouldBe 0
                    }
                }
            }
        }

        test(
            "SUSPEND: the dispatcher waits for a slow collector, the queue fills, producers suspend; nothing is lost"
        ) {
            eventEngine {
                name = "suspend-flow"
                capacity = 8
            }
                .use { engine ->
                    engine.start()
                    val gate = CompletableDeferred<Unit>()
                    val n = 200
                    val got =
                        async(Dispatchers.Default, start = UNDISPATCHED) {
                            engine
                                .flow("S.{n}", capacity = 4)
                                .take(n)
                                .map {
                                    gate.await()
                                    it.arg<Int>(0)
                                }
                                .toList()
                        }
                    val producer =
                        launch(Dispatchers.Default) { repeat(n) { engine.emit("S.x", it) } }
                    eventually("the queue is full") { engine.occupancy() == engine.capacity() }
                    val dispatcher = liveThread("suspend-flow-dispatcher")!!
                    eventually("the dispatcher waits in the flow's handler") {
                        dispatcher.isIn("FlowSubscription")
                    }
                    engine.tryPublish(Topic.of("S.x"), -1) shouldBe false
                    producer.isActive shouldBe true // suspended in emit, not failed
                    gate.complete(Unit)
                    withTimeout(30.seconds) {
                        producer.join()
                        got.await() shouldBe (0 until n).toList()
                    }
                    engine.stats().subscriberDrops shouldBe 0
                }
        }

        test(
            "SUSPEND with a timeout: when it runs out, the collector gets its buffer, then SubscriberOverflowException (BLOCK, was QueueFullException) naming pattern, capacity and policy"
        ) {
            eventEngine { name = "suspend-timeout" }
                .use { engine ->
                    engine.start()
                    val everyone = CopyOnWriteArrayList<Int>()
                    engine.on("T.{n}") { everyone += it.arg<Int>(0) }
                    val gate = CompletableDeferred<Unit>()
                    val received = CopyOnWriteArrayList<Int>()
                    supervisorScope {
                        val slow =
                            async(Dispatchers.Default, start = UNDISPATCHED) {
                                engine
                                    .flow("T.{n}", capacity = 1, suspendTimeout = 100.milliseconds)
                                    .collect {
                                        gate.await()
                                        received += it.arg<Int>(0)
                                    }
                            }
                        // 0 is in the collector's hands, 1 fills its buffer, 2 waits and overflows.
                        repeat(4) { engine.emit("T.x", it) }
                        eventually("the overflow unregistered the collector") {
                            engine.hook(io.eventengine.core.Topic.of("T.{n}")).size() == 1
                        }
                        gate.complete(Unit)
                        val error =
                            withTimeout(30.seconds) {
                                shouldThrow<SubscriberOverflowException> { slow.await() }
                            }
                        error.message shouldContain "Subscriber of 'T.{n}' overflowed"
                        error.message shouldContain "buffer of 1 messages"
                        error.message shouldContain "was full for 100ms"
                        error.message shouldContain "policy BLOCK"
                        error.overflow() shouldBe Overflow.BLOCK
                        received shouldContainExactly listOf(0, 1)
                    }
                    eventually("the engine went on") { everyone.size == 4 }
                    everyone shouldContainExactly listOf(0, 1, 2, 3)
                }
        }

        test("a collector cancelled while the dispatcher waits for it releases the dispatcher") {
            eventEngine { name = "suspend-cancel" }
                .use { engine ->
                    engine.start()
                    val after = CompletableDeferred<Int>()
                    engine.on("After") { after.complete(it.arg(0)) }
                    val stuck =
                        launch(Dispatchers.Default, start = UNDISPATCHED) {
                            engine
                                .flow("C.{n}", capacity = 1, suspendTimeout = Duration.INFINITE)
                                .collect {
                                    CompletableDeferred<Unit>().await() // never
                                }
                        }
                    repeat(3) { engine.emit("C.x", it) }
                    val dispatcher = liveThread("suspend-cancel-dispatcher")!!
                    eventually("the dispatcher waits for the stuck collector") {
                        dispatcher.isIn("FlowSubscription")
                    }
                    stuck.cancel()
                    engine.emit("After", 42)
                    withTimeout(30.seconds) { after.await() } shouldBe 42
                    engine.size() shouldBe 1
                }
        }
    })
