package io.eventengine.benchmarks

import io.eventengine.core.EventEngine
import io.eventengine.core.Overflow
import io.eventengine.core.Topic
import io.eventengine.coroutines.flow
import io.eventengine.reactor.FluxOptions
import io.eventengine.reactor.ReactorEngine
import java.util.concurrent.atomic.AtomicLong
import kotlinx.coroutines.launch
import reactor.core.Disposable

/**
 * For [IdleCpu] (not a throughput scenario): one started engine with `handlers` Flow collectors
 * (counted in [handled], on the collector thread) and as many `ReactorEngine.flux` subscribers
 * (counted apart, on the dispatcher: [HandledCounter] keeps one writer), both built as the other
 * engine contenders build them; what an application with both adapters leaves running when quiet.
 */
class EngineFluxAndFlowContender(handlers: Int) :
    CollectorContender(handlers, "engine-flow-collector") {
    private val engine: EventEngine = EngineContenders.newEngine()
    private val topic = Topic.of(EngineContenders.TOPIC)
    private val fluxHandled = AtomicLong()
    private val subscribers: List<Disposable>

    init {
        val reactor = ReactorEngine.of(engine)
        subscribers =
            List(handlers) {
                reactor.flux(topic, FluxOptions.of(Overflow.BLOCK, CAPACITY)).subscribe {
                    fluxHandled.incrementAndGet()
                }
            }
        repeat(handlers) {
            scope.launch {
                engine.flow(topic, capacity = CAPACITY).collect { handled.onEvent(it[0] as Long) }
            }
        }
        engine.start()
        awaitSubscribed { engine.hook(topic).size() == 2 * handlers }
    }

    override fun publish(event: Any) {
        engine.put(topic, event)
    }

    override fun close() {
        // The flux subscribers run on the dispatcher, which delivers before the collectors see a
        // message: by now they have counted every delivery the collectors did.
        check(fluxHandled.get() == handledCount()) {
            "flux subscribers handled ${fluxHandled.get()} deliveries, the Flow collectors ${handledCount()}"
        }
        subscribers.forEach(Disposable::dispose)
        super.close()
        engine.close()
    }
}
