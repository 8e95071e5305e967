package io.eventengine.samples.dashboard;

import io.eventengine.core.EventEngine;
import io.eventengine.core.Topic;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A simulated market: every period a quote per symbol on {@code Market.Data.<SYMBOL>} (kwargs symbol, price, bid, ask,
 * size) and now and then a trade on {@code Market.Equity.Trade} or {@code Market.Futures.Trade} (kwargs symbol, price,
 * qty). It publishes with {@code tryPublish}: the feed never waits; a full queue drops the tick and counts it.
 */
public final class MarketFeed implements AutoCloseable {
    /** The quote topics, retained by the dashboard's engine: each symbol's last quote is its current value. */
    static final String QUOTES = "Market.Data.{symbol}";

    static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "NVDA", "GOOG", "AMZN", "IBM");
    static final List<String> FUTURES = List.of("ES", "NQ");

    private final EventEngine engine;
    private final Random random = new Random(42);
    private final Map<String, Double> prices = new LinkedHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Disposable ticks;

    MarketFeed(EventEngine engine, boolean enabled, long periodMillis) {
        this.engine = engine;
        SYMBOLS.forEach(s -> prices.put(s, 100.0 + random.nextInt(900)));
        FUTURES.forEach(s -> prices.put(s, 5000.0 + random.nextInt(15000)));
        this.ticks = enabled
                ? Flux.interval(Duration.ofMillis(periodMillis), Schedulers.single())
                        .onBackpressureDrop()
                        .subscribe(n -> tick())
                : Disposables.disposed();
    }

    private void tick() {
        for (String symbol : SYMBOLS) {
            double price = round(prices.merge(symbol, random.nextGaussian() * 0.5, Double::sum));
            Map<String, Object> quote = new LinkedHashMap<>();
            quote.put("symbol", symbol);
            quote.put("price", price);
            quote.put("bid", round(price - 0.01 * (1 + random.nextInt(5))));
            quote.put("ask", round(price + 0.01 * (1 + random.nextInt(5))));
            quote.put("size", 100 * (1 + random.nextInt(10)));
            publish(Topic.join("Market", "Data", symbol), quote);
        }
        if (random.nextInt(3) == 0) {
            boolean futures = random.nextInt(4) == 0;
            List<String> book = futures ? FUTURES : SYMBOLS;
            String symbol = book.get(random.nextInt(book.size()));
            double price = round(prices.merge(symbol, random.nextGaussian(), Double::sum));
            Map<String, Object> trade = new LinkedHashMap<>();
            trade.put("symbol", symbol);
            trade.put("price", price);
            trade.put("qty", 1 + random.nextInt(500));
            publish(Topic.join("Market", futures ? "Futures" : "Equity", "Trade"), trade);
        }
    }

    private void publish(Topic topic, Map<String, Object> kwargs) {
        boolean queued;
        try {
            queued = engine.tryPublish(topic, List.of(), kwargs);
        } catch (IllegalStateException closed) {
            queued = false;
        }
        if (queued) {
            published.incrementAndGet();
        } else {
            rejected.incrementAndGet();
        }
    }

    private static double round(double price) {
        return Math.round(price * 100) / 100.0;
    }

    /** Messages the feed published. */
    public long published() {
        return published.get();
    }

    /** Messages the feed dropped because the queue was full (or the engine closed). */
    public long rejected() {
        return rejected.get();
    }

    @Override
    public void close() {
        ticks.dispose();
    }
}
