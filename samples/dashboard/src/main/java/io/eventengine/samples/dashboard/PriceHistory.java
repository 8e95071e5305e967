package io.eventengine.samples.dashboard;

import io.eventengine.core.MessagePayload;
import io.eventengine.spring.Kwarg;
import io.eventengine.spring.TopicListener;
import io.eventengine.spring.TopicVariable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The last {@code dashboard.history.size} prices per symbol, kept by a {@code @TopicListener} on the quote topics, so
 * a page that opens draws each symbol's recent price line at once ({@code GET /api/history}) and then extends it from
 * the live stream.
 */
@Component
public class PriceHistory {
    private final int size;
    private final Map<String, ArrayDeque<double[]>> points = new LinkedHashMap<>();

    PriceHistory(@Value("${dashboard.history.size:600}") int size) {
        if (size < 1) {
            throw new IllegalArgumentException("dashboard.history.size must be >= 1, got " + size);
        }
        this.size = size;
    }

    /** Called on the dispatcher for every quote. */
    @TopicListener(MarketFeed.QUOTES)
    public synchronized void quote(
            @TopicVariable("symbol") String symbol, @Kwarg("price") double price, MessagePayload m) {
        ArrayDeque<double[]> line = points.computeIfAbsent(symbol, s -> new ArrayDeque<>(size));
        if (line.size() == size) {
            line.removeFirst();
        }
        line.addLast(new double[] {m.timestampMillis() / 1000.0, price});
    }

    /** Per symbol, {@code {"t": [epoch seconds...], "price": [...]}}, oldest first. */
    public synchronized Map<String, Map<String, List<Double>>> snapshot() {
        Map<String, Map<String, List<Double>>> out = new LinkedHashMap<>();
        points.forEach((symbol, line) -> {
            List<Double> t = new ArrayList<>(line.size());
            List<Double> price = new ArrayList<>(line.size());
            line.forEach(p -> {
                t.add(p[0]);
                price.add(p[1]);
            });
            out.put(symbol, Map.of("t", t, "price", price));
        });
        return out;
    }
}
