package io.eventengine.samples;

import io.eventengine.core.EngineStats;
import io.eventengine.core.EventEngine;
import io.eventengine.core.Registration;
import io.eventengine.core.Topic;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A simulated market feed through one engine: exact, named-wildcard, range, regex and {@code **} subscriptions, a
 * second timer, a handler that publishes (causal links), and the engine's statistics at the end.
 *
 * <p>Run with {@code samples/run.sh console} (or {@code samples/run.sh console 10} for ten seconds).
 */
public final class ConsoleDemo {
    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "NVDA", "GOOG", "AMZN", "IBM");

    private ConsoleDemo() {}

    public static void main(String[] args) throws InterruptedException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Map<String, double[]> lastAndCount = new ConcurrentHashMap<>();
        LongAdder trades = new LongAdder();
        LongAdder alerts = new LongAdder();
        LongAdder everything = new LongAdder();

        try (EventEngine engine = EventEngine.builder()
                .capacity(8192)
                .hookStats(true)
                .name("demo")
                .build()) {
            // A named wildcard captures the symbol; the topic match tells which.
            Topic quotes = Topic.of("Market.Data.{symbol}");
            engine.register(quotes, msg -> {
                String symbol = quotes.match(msg.topic()).get("symbol");
                double price = msg.getDouble("price");
                lastAndCount.merge(symbol, new double[] {price, 1}, (a, b) -> new double[] {b[0], a[1] + 1});
                if (price > 1_000) {
                    engine.put(Topic.join("Alert", "Price", symbol), price); // parentSeqId links it to the quote
                }
            });
            engine.register("Market.(Equity|Futures).Trade", msg -> trades.increment());
            engine.register("Market.Data./^[A-Z]{4}$/", msg -> {}); // four-letter symbols only, by regex
            engine.register("Alert.**", msg -> {
                alerts.increment();
                if (alerts.sum() <= 3) {
                    System.out.printf(
                            "  alert %-22s price %8.2f  (caused by seq %d)%n",
                            msg.topic(), (Double) msg.get(0), msg.parentSeqId());
                }
            });
            Registration all = engine.register("**", msg -> everything.increment());

            Topic second = engine.timer(Duration.ofSeconds(1));
            engine.register(second, tick -> {
                System.out.printf(
                        "%s  second %s  queued %d/%d  quotes:%s%n",
                        LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
                        tick.get("timestamp"),
                        engine.occupancy(),
                        engine.capacity(),
                        summary(lastAndCount));
            });

            engine.start();
            System.out.printf("EventEngine demo: %d s of a simulated market feed (Ctrl-C to stop early)%n", seconds);
            Random random = new Random(42);
            Map<String, Double> prices = new TreeMap<>();
            SYMBOLS.forEach(s -> prices.put(s, 100.0 + random.nextInt(1000)));
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < end) {
                for (String symbol : SYMBOLS) {
                    double price = prices.merge(symbol, random.nextGaussian(), Double::sum);
                    engine.publish(Topic.join("Market", "Data", symbol), List.of(), Map.of("price", price));
                }
                engine.put(Topic.of(random.nextBoolean() ? "Market.Equity.Trade" : "Market.Futures.Trade"), 1);
                Thread.sleep(1);
            }
            all.close();
            engine.stop(true, Duration.ofSeconds(5));
            EngineStats stats = engine.stats();
            System.out.printf(
                    "%nDone: %d published, %d dispatched, %d trades, %d alerts, %d seen by '**', %d handler failures%n",
                    stats.published(),
                    stats.dispatched(),
                    trades.sum(),
                    alerts.sum(),
                    everything.sum(),
                    stats.handlerFailures());
            stats.hooks()
                    .forEach(h -> System.out.printf(
                            "  hook %-32s %7d triggers, mean %6.0f ns%n",
                            h.topic(), h.triggers(), h.triggers() == 0 ? 0.0 : (double) h.totalNanos() / h.triggers()));
        }
    }

    private static String summary(Map<String, double[]> lastAndCount) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(lastAndCount).forEach((s, v) -> sb.append(String.format(" %s %.2f", s, v[0])));
        return sb.toString();
    }
}
