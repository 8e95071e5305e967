package io.eventengine.benchmarks

import io.eventengine.core.EventEngine
import io.eventengine.core.MessagePayload
import io.eventengine.core.Topic
import io.eventengine.coroutines.emit
import io.eventengine.coroutines.eventEngine
import io.eventengine.coroutines.flow
import java.util.concurrent.Executors
import java.util.concurrent.Semaphore
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.ExecutorCoroutineDispatcher
import kotlinx.coroutines.Job
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * One producer (the JMH thread, suspending in `runBlocking`) to one collector (a coroutine on a
 * dedicated single thread). [runBatch] sends `n` messages and returns once the collector has seen
 * all of them, so a benchmark op is end to end.
 */
abstract class Pipe(collectorThreadName: String) : AutoCloseable {
    private val executor = Executors.newSingleThreadExecutor {
        Thread(it, collectorThreadName).apply { isDaemon = true }
    }
    protected val collectorDispatcher: ExecutorCoroutineDispatcher =
        executor.asCoroutineDispatcher()
    protected val scope = CoroutineScope(collectorDispatcher + Job())
    private val batchDone = Semaphore(0)
    @Volatile private var target = 0L
    private var received = 0L // collector thread only

    /** Called by the collector for each message. */
    protected fun onMessage() {
        if (++received == target) batchDone.release()
    }

    protected abstract suspend fun produce(n: Int)

    fun runBatch(n: Int) {
        target += n
        runBlocking { produce(n) }
        batchDone.acquire()
    }

    override fun close() {
        scope.cancel()
        collectorDispatcher.close()
    }
}

/**
 * engine.emit -> queue -> dispatcher thread -> per-collector channel -> `engine.flow(...)`
 * collector.
 */
class EngineFlowPipe(bufferCapacity: Int, queueCapacity: Int) : Pipe("engine-flow-collector") {
    private val engine: EventEngine = eventEngine {
        name = "bench"
        capacity = queueCapacity
    }
    private val topic = Topic.of("Bench.Data.X")

    init {
        engine.start()
        scope.launch {
            engine.flow("Bench.Data.{symbol}", capacity = bufferCapacity).collect { onMessage() }
        }
        while (engine.size() == 0) Thread.sleep(1)
    }

    override suspend fun produce(n: Int) {
        for (i in 0 until n) engine.emit(topic, i)
    }

    override fun close() {
        super.close()
        engine.close()
    }
}

/** `MutableSharedFlow(extraBufferCapacity = n)`.emit -> one collector, the same payloads. */
class SharedFlowPipe(extraBufferCapacity: Int) : Pipe("shared-flow-collector") {
    private val shared =
        MutableSharedFlow<MessagePayload>(extraBufferCapacity = extraBufferCapacity)
    private val topic = Topic.of("Bench.Data.X")

    init {
        scope.launch { shared.collect { onMessage() } }
        while (shared.subscriptionCount.value == 0) Thread.sleep(1)
    }

    override suspend fun produce(n: Int) {
        for (i in 0 until n) shared.emit(MessagePayload.of(topic, i))
    }
}
