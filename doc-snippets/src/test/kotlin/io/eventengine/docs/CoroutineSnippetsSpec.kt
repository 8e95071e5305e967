package io.eventengine.docs

import io.eventengine.core.EventEngine
import io.eventengine.core.EventHandler
import io.eventengine.core.EventHook
import io.eventengine.core.PublishOptions
import io.eventengine.core.QueueFullException
import io.eventengine.core.SubscriberOverflowException
import io.eventengine.core.Topic
import io.eventengine.coroutines.PublishOptions
import io.eventengine.coroutines.arg
import io.eventengine.coroutines.capturesOf
import io.eventengine.coroutines.emit
import io.eventengine.coroutines.eventEngine
import io.eventengine.coroutines.flow
import io.eventengine.coroutines.formatStrict
import io.eventengine.coroutines.kwarg
import io.eventengine.coroutines.on
import io.eventengine.coroutines.poll
import io.eventengine.coroutines.stop
import io.eventengine.coroutines.tickerFlow
import io.eventengine.coroutines.timer
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.merge
import kotlinx.coroutines.flow.runningFold
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout

/**
 * The engine-coroutines snippets of README.md, docs/coroutines.md and docs/samples.md.
 */
class CoroutineSnippetsSpec :
    FunSpec({
        test("readme-kotlin: a flow per pattern, a typed flow, suspending emit") {
            coroutineScope {
                // snippet: readme-kotlin
                val (prices, quote) = eventEngine { capacity = 8192 }.use { engine ->
                    engine.start()
                    val prices = async(start = CoroutineStart.UNDISPATCHED) {           // subscribed before the emits
                        engine.flow("Market.Data.{symbol}").take(2).map { it.getDouble("price") }.toList()
                    }
                    val quote = async(start = CoroutineStart.UNDISPATCHED) {
                        engine.flow<Quote>("Market.Quote.**").first()                   // typed: only Quote messages
                    }
                    engine.emit("Market.Data.AAPL", kwargs = mapOf("price" to 189.5))   // suspends while the queue is full
                    engine.emit("Market.Data.MSFT", kwargs = mapOf("price" to 410.2))
                    engine.emit("Market.Quote.TSLA", Quote("TSLA", 251.0))              // one object: a typed message
                    check(engine.tryPublish("Market.Data.IBM", 1))                      // the Java member: never waits
                    prices.await() to quote.await()
                } // close(): every flow completes after what close() delivered
                println("$prices $quote") // [189.5, 410.2] Quote(symbol=TSLA, price=251.0)
                // end snippet
                prices shouldBe listOf(189.5, 410.2)
                quote shouldBe Quote("TSLA", 251.0)
            }
        }

        test("coroutines-flows: overflow fails the collector with core's SubscriberOverflowException") {
            val engine = EventEngine.create() // stopped: stop(true, ...) delivers on the test thread
            // snippet: coroutines-flows
            val quotes = engine.flow("Market.Data.{symbol}", capacity = 1024)                          // waits, at most 30 s
            val latest = engine.flow("Market.Data.{symbol}", capacity = 1, onBufferOverflow = BufferOverflow.DROP_OLDEST)
            val strict = engine.flow("Orders.**", capacity = 1, suspendTimeout = Duration.ZERO)        // Overflow.FAIL
            val typed = engine.flow<Quote>("Market.**")                                                // skips the rest
            // end snippet
            runBlocking {
                val got = CopyOnWriteArrayList<Any?>()
                val failure = async(start = CoroutineStart.UNDISPATCHED) {
                    runCatching { strict.collect { got += it.get(0) } }.exceptionOrNull()
                }
                val last = async(start = CoroutineStart.UNDISPATCHED) { latest.take(2).toList() }
                val quote = async(start = CoroutineStart.UNDISPATCHED) { typed.first() }
                // Each collector is suspended waiting, so the first message goes straight to it and the
                // second fills the buffer of 1: the third is the one that overflows.
                engine.publish("Orders.A", 1)
                engine.publish("Orders.B", 2)
                engine.publish("Orders.C", 3)                          // strict's buffer of 1 is full: FAIL
                engine.publish("Market.Data.AAPL", 1.0)
                engine.publish("Market.Data.AAPL", 2.0)
                engine.publish("Market.Data.AAPL", 3.0)                // latest drops 2.0, keeps the newest
                engine.publish("Market.Quote.X", Quote("X", 3.0))
                engine.stop(true, EventEngine.FOREVER)                 // delivers on this thread
                val error = failure.await()
                (error as SubscriberOverflowException).bufferSize() shouldBe 1
                got shouldBe listOf(1, 2)
                last.await().map { it.get(0) } shouldBe listOf(1.0, 3.0)
                quote.await() shouldBe Quote("X", 3.0)
                engine.stats().subscriberDrops shouldBe 1
                engine.close()
                shouldThrow<IllegalStateException> { quotes.first() } // collecting a closed engine's flow throws
            }
        }

        test("coroutines-emit: emit waits as the options say, suspending") {
            val orderId = 42
            val engine = EventEngine.builder().capacity(2).build()   // stopped: full after two
            engine.publish("Orders.New", 1)
            engine.publish("Orders.New", 2)
            runBlocking {
                // snippet: coroutines-emit
                val waiting = launch(start = CoroutineStart.UNDISPATCHED) {
                    withTimeout(5.seconds) { engine.emit("Orders.New", orderId, kwargs = mapOf("qty" to 10)) } // suspends while full
                }
                val failFast = runCatching { engine.emit("Orders.New", PublishOptions.NON_BLOCKING, orderId) }   // QueueFullException at once
                val bounded = runCatching { engine.emit("Orders.New", PublishOptions(timeout = 50.milliseconds), orderId) } // after 50 ms
                val queued = engine.tryPublish("Orders.New", orderId)      // false: full; the Java member never waits
                engine.start()                                             // the dispatcher frees room: `waiting` gets in
                waiting.join()
                // end snippet
                failFast.exceptionOrNull().shouldBeInstanceOf<QueueFullException>()
                bounded.exceptionOrNull().shouldBeInstanceOf<QueueFullException>()
                queued shouldBe false
                engine.close()
                engine.stats().rejectedPuts shouldBe 3
                engine.stats().dispatched shouldBe 3
            }
        }

        test("coroutines-ticker: a coroutine ticker in virtual time") {
            val engine = EventEngine.create()
            // snippet: coroutines-ticker
            runTest {
                engine.tickerFlow(1.seconds).take(3).map { currentTime }.toList() shouldBe listOf(0L, 1_000L, 2_000L)
            }
            // end snippet
            engine.close()
        }

        test("coroutines-dsl: the DSL and the Kotlin sugar") {
            val seen = CopyOnWriteArrayList<String>()
            // snippet: coroutines-dsl
            val engine = eventEngine {                 // a stopped engine; unset settings keep the builder's defaults
                capacity = 8192
                name = "market"
                publishOptions = PublishOptions(timeout = 5.seconds)     // kotlin.time: INFINITE = FOREVER, ZERO = never wait
                closeTimeout = 10.seconds
            }
            val registration = engine.on("Market.{kind}.{symbol}") { msg ->          // returns the Registration
                seen += "${msg["symbol"]} ${msg.arg<Double>(0)} ${msg.kwarg<String>("side")}"
            }
            engine.publish("Market.Equity.AAPL", listOf(189.5), mapOf("side" to "buy"))
            engine.stop(drain = true, timeout = 5.seconds)                             // delivers here: "AAPL 189.5 buy"
            registration.close()                                                       // unregisters
            val aapl = Topic.of("Market.Data.{symbol}").formatStrict("symbol" to "AAPL")  // also format("k" to v)
            val captures = Topic.of("Market.Data.{symbol}").capturesOf(aapl)           // {symbol=AAPL}
            val hook = EventHook(Topic.of("Audit.Login"))
            val handler = EventHandler { println(it) }
            hook += handler                                                            // the Java operators as they are
            hook -= handler
            engine.timer(1.seconds)                                                    // kotlin.time overloads
            engine.put("Jobs.Resize", "a.png")
            val job = engine.poll(100.milliseconds)                                    // taken by hand
            // end snippet
            seen shouldBe listOf("AAPL 189.5 buy")
            captures shouldBe mapOf("symbol" to "AAPL")
            job.get(0) shouldBe "a.png"
            hook.size() shouldBe 0
            engine.close()
        }

        test("samples-ohlc: one-second bars from a flow merged with a ticker") {
            val engine = EventEngine.create()
            runTest {
                val bars = async { ohlcBars(engine).first() }
                testScheduler.runCurrent()                              // collecting: subscribed
                engine.publish("Market.Data.AAPL", listOf<Any>(), mapOf("price" to 10.0))
                engine.publish("Market.Data.AAPL", listOf<Any>(), mapOf("price" to 12.0))
                engine.stop(true, EventEngine.FOREVER)                  // into the flow's buffer
                bars.await() shouldBe mapOf("AAPL" to Bar(10.0, 12.0, 10.0, 12.0, 2))
            }
            engine.close()
        }
    })

data class Quote(val symbol: String, val price: Double)

data class Bar(val open: Double, val high: Double, val low: Double, val close: Double, val quotes: Int) {
    operator fun plus(price: Double): Bar = Bar(open, maxOf(high, price), minOf(low, price), price, quotes + 1)

    companion object {
        fun of(price: Double): Bar = Bar(price, price, price, price, 1)
    }
}

private sealed interface BarInput

private data class QuoteInput(val symbol: String, val price: Double) : BarInput

private data class Tick(val n: Long) : BarInput

// snippet: samples-ohlc
fun ohlcBars(engine: EventEngine): Flow<Map<String, Bar>> {
    val quotes = engine.flow("Market.Data.{symbol}", capacity = 4096).map { QuoteInput(it.topic().value().substringAfterLast('.'), it.getDouble("price")) }
    val ticks = engine.tickerFlow(1.seconds, initialDelay = 1.seconds).map { Tick(it) }
    var open = sortedMapOf<String, Bar>()
    return merge(quotes, ticks)
        .runningFold(emptyMap<String, Bar>()) { _, input ->
            when (input) {
                is QuoteInput -> { open[input.symbol] = open[input.symbol]?.plus(input.price) ?: Bar.of(input.price); emptyMap() }
                is Tick -> open.also { open = sortedMapOf() }
            }
        }
        .filter { it.isNotEmpty() }
}
// end snippet
