package io.eventengine.benchmarks

import io.eventengine.core.EventEngine
import io.eventengine.core.Topic
import io.eventengine.coroutines.flow
import java.util.concurrent.Executors
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.ExecutorCoroutineDispatcher
import kotlinx.coroutines.Job
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.launch

/**
 * Collectors as coroutines on one dedicated thread, fed from plain producer threads (the JMH
 * threads) through each contender's non-suspending entry point, so that producers cost the same as
 * for the Java contenders and what differs is the hand-off to the collectors.
 */
abstract class CollectorContender(handlers: Int, threadName: String) : Contender(handlers) {
    private val dispatcher: ExecutorCoroutineDispatcher =
        Executors.newSingleThreadExecutor { Thread(it, threadName).apply { isDaemon = true } }
            .asCoroutineDispatcher()
    protected val scope: CoroutineScope = CoroutineScope(dispatcher + Job())

    /**
     * Waits, with a deadline, until every collector has subscribed: before that events are lost.
     */
    protected fun awaitSubscribed(subscribed: () -> Boolean) {
        val deadline = System.nanoTime() + 10_000_000_000L
        while (!subscribed()) {
            check(System.nanoTime() < deadline) { "collectors did not subscribe within 10 s" }
            Thread.sleep(1)
        }
    }

    override fun close() {
        scope.cancel()
        dispatcher.close()
    }
}

/**
 * `engine.flow(topic, capacity = CAPACITY)` collectors (buffer policy SUSPEND: end-to-end
 * backpressure), fed by the blocking `engine.put`.
 */
class EngineFlowContender(handlers: Int) : CollectorContender(handlers, "engine-flow-collector") {
    private val engine: EventEngine = EngineContenders.newEngine()
    private val topic = Topic.of(EngineContenders.TOPIC)

    init {
        repeat(handlers) {
            scope.launch {
                engine.flow(topic, capacity = CAPACITY).collect { handled.onEvent(it[0] as Long) }
            }
        }
        engine.start()
        awaitSubscribed { engine.size() == 1 && engine.hook(topic).size() == handlers }
    }

    override fun publish(event: Any) {
        engine.put(topic, event)
    }

    override fun close() {
        super.close()
        engine.close()
    }
}

/**
 * `MutableSharedFlow(extraBufferCapacity = CAPACITY)` with `tryEmit` retried while the buffer is
 * full (what a non-suspending caller has; `emit` needs a coroutine per call site).
 */
class SharedFlowContender(handlers: Int) : CollectorContender(handlers, "shared-flow-collector") {
    private val shared = MutableSharedFlow<Any>(extraBufferCapacity = CAPACITY)

    init {
        repeat(handlers) { scope.launch { shared.collect { handled.onEvent(it as Long) } } }
        awaitSubscribed { shared.subscriptionCount.value == handlers }
    }

    override fun publish(event: Any) {
        var attempt = 0
        while (!shared.tryEmit(event)) backOff(attempt++)
    }
}
