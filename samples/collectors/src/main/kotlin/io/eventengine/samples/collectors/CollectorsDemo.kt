package io.eventengine.samples.collectors

import io.eventengine.core.EventEngine
import io.eventengine.core.MessagePayload
import io.eventengine.core.Topic
import io.eventengine.coroutines.capturesOf
import io.eventengine.coroutines.emit
import io.eventengine.coroutines.eventEngine
import io.eventengine.coroutines.flow
import io.eventengine.coroutines.tickerFlow
import java.time.LocalTime
import java.time.temporal.ChronoUnit
import java.util.Locale
import kotlin.random.Random
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.merge
import kotlinx.coroutines.flow.runningFold
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * Kotlin coroutine collectors over one engine: a simulated feed publishes quotes on
 * `Market.Data.<SYMBOL>` and trades on `Market.(Equity|Futures).Trade` with the suspending `emit`,
 * while several `engine.flow(...)` collectors aggregate per symbol, count trades per market, watch
 * for big moves, and cut one-second OHLC bars from a ticker flow.
 *
 * Run: `samples/run.sh collectors [seconds]` (default 5).
 */
fun main(args: Array<String>) {
    val seconds = args.firstOrNull()?.toInt() ?: 5
    runBlocking(Dispatchers.Default) { runCollectors(seconds) }
}

private val SYMBOLS = listOf("AAPL", "MSFT", "NVDA", "GOOG", "AMZN", "IBM")
private val QUOTES = Topic.of("Market.Data.{symbol}")

/** One OHLC bar of one symbol. */
data class Bar(
    val open: Double,
    val high: Double,
    val low: Double,
    val close: Double,
    val quotes: Int,
) {
    fun plus(price: Double): Bar =
        Bar(open, maxOf(high, price), minOf(low, price), price, quotes + 1)

    override fun toString(): String =
        String.format(
            Locale.ROOT,
            "O %8.2f H %8.2f L %8.2f C %8.2f (%d quotes)",
            open,
            high,
            low,
            close,
            quotes,
        )

    companion object {
        fun of(price: Double): Bar = Bar(price, price, price, price, 1)
    }
}

/** Per-symbol statistics folded from the quote flow. */
data class SymbolStats(val count: Long = 0, val sum: Double = 0.0, val last: Double = Double.NaN) {
    fun plus(price: Double): SymbolStats = SymbolStats(count + 1, sum + price, price)

    val mean: Double
        get() = if (count == 0L) Double.NaN else sum / count
}

private sealed interface BarInput

private data class Quote(val symbol: String, val price: Double) : BarInput

private data class Tick(val n: Long) : BarInput

private fun MessagePayload.symbol(): String = capturesOf(QUOTES).getValue("symbol")

/**
 * One-second OHLC bars: quotes and the ticks of a one-second `tickerFlow` merged into one flow, so
 * one collector owns the open bars (no locks); each tick closes the bars of the second that ended
 * and emits them.
 */
fun ohlcBars(engine: EventEngine): Flow<Map<String, Bar>> {
    val quotes =
        engine.flow(QUOTES, capacity = 4096).map { Quote(it.symbol(), it.getDouble("price")) }
    val ticks = engine.tickerFlow(1.seconds, initialDelay = 1.seconds).map { Tick(it) }
    var open = sortedMapOf<String, Bar>()
    return merge(quotes, ticks)
        .runningFold(emptyMap<String, Bar>()) { _, input ->
            when (input) {
                is Quote -> {
                    open[input.symbol] =
                        open[input.symbol]?.plus(input.price) ?: Bar.of(input.price)
                    emptyMap()
                }
                is Tick -> open.also { open = sortedMapOf() }
            }
        }
        .filter { it.isNotEmpty() }
}

suspend fun runCollectors(seconds: Int) = coroutineScope {
    eventEngine {
        capacity = 8192
        name = "collectors"
    }
        .use { engine ->
            engine.start()
            val stats = sortedMapOf<String, SymbolStats>()
            val trades = sortedMapOf<String, Long>()
            val highs = sortedMapOf<String, Pair<Double, Int>>()
            val collectors =
                listOf(
                    // 1. per-symbol count, mean and last price
                    launch(start = CoroutineStart.UNDISPATCHED) {
                        engine.flow(QUOTES, capacity = 4096).collect { msg ->
                            val symbol = msg.symbol()
                            stats[symbol] =
                                (stats[symbol] ?: SymbolStats()).plus(msg.getDouble("price"))
                        }
                    },
                    // 2. trades per market, from a range pattern
                    launch(start = CoroutineStart.UNDISPATCHED) {
                        engine.flow("Market.(Equity|Futures).Trade").collect { msg ->
                            val market = msg.topic().parts()[1].literal()
                            trades.merge(market, 1L, Long::plus)
                        }
                    },
                    // 3. session highs of four-letter symbols only (a regex part); keeps the latest
                    // when busy
                    launch(start = CoroutineStart.UNDISPATCHED) {
                        engine
                            .flow(
                                "Market.Data./^[A-Z]{4}$/",
                                capacity = 1,
                                onBufferOverflow = BufferOverflow.DROP_OLDEST,
                            )
                            .collect { msg ->
                                val symbol = msg.symbol()
                                val price = msg.getDouble("price")
                                if (price > (highs[symbol]?.first ?: Double.NEGATIVE_INFINITY)) {
                                    highs[symbol] = price to (highs[symbol]?.second ?: 0) + 1
                                }
                            }
                    },
                    // 4. one-second OHLC bars
                    launch(start = CoroutineStart.UNDISPATCHED) {
                        ohlcBars(engine).collect { bars ->
                            println(
                                "${LocalTime.now().truncatedTo(ChronoUnit.SECONDS)}  one-second bars:"
                            )
                            bars.forEach { (symbol, bar) -> println("  ${symbol.padEnd(4)}  $bar") }
                        }
                    },
                )

            println("Coroutine collectors: $seconds s of a simulated market feed")
            val random = Random(42)
            val prices = SYMBOLS.associateWith { 100.0 + random.nextInt(1000) }.toMutableMap()
            val end = System.nanoTime() + seconds * 1_000_000_000L
            while (System.nanoTime() < end) {
                for (symbol in SYMBOLS) {
                    val price = prices.getValue(symbol) + random.nextDouble(-1.0, 1.0)
                    prices[symbol] = price
                    engine.emit("Market.Data.$symbol", kwargs = mapOf("price" to price))
                }
                val market = if (random.nextBoolean()) "Equity" else "Futures"
                engine.emit("Market.$market.Trade", random.nextInt(1, 100))
                delay(2.milliseconds)
            }
            delay(100.milliseconds) // let the collectors catch up before the summary
            collectors.forEach { it.cancelAndJoin() }
            println()
            println("Per symbol (collector 1):")
            stats.forEach { (symbol, s) ->
                println(
                    String.format(
                        Locale.ROOT,
                        "  %-4s %6d quotes  mean %8.2f  last %8.2f",
                        symbol,
                        s.count,
                        s.mean,
                        s.last,
                    )
                )
            }
            println("Trades per market (collector 2): $trades")
            println("Session highs of four-letter symbols (collector 3, latest-only buffer):")
            highs.forEach { (symbol, h) ->
                println(
                    String.format(
                        Locale.ROOT,
                        "  %-4s high %8.2f, %d new highs seen",
                        symbol,
                        h.first,
                        h.second,
                    )
                )
            }
            println(
                "Engine: ${engine.stats().published()} published, ${engine.stats().dispatched()} dispatched"
            )
        }
}
