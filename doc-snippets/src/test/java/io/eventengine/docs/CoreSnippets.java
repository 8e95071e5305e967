package io.eventengine.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EngineStats;
import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.PublishOptions;
import io.eventengine.core.QueueEmptyException;
import io.eventengine.core.QueueFullException;
import io.eventengine.core.Topic;
import io.eventengine.core.spi.EngineSupport;
import io.eventengine.test.ManualClock;
import io.eventengine.test.MessageRecorder;
import io.eventengine.test.SynchronousEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine-core snippets of README.md and docs/core.md, run and checked. */
@Timeout(60)
class CoreSnippets {

    @Test
    void readmeQuickStart() {
        // snippet: readme-java
        record Quote(String symbol, double price) {}

        List<String> seen = new CopyOnWriteArrayList<>();
        try (EventEngine engine = EventEngine.builder().capacity(8192).build()) {
            engine.register("Market.Data.{symbol}", msg -> seen.add(msg.topic() + " " + msg.get("price")));
            engine.register("Market.Quote.**", Quote.class, q -> seen.add(q.symbol() + " @ " + q.price()));
            engine.start();

            engine.publish("Market.Data.AAPL", List.of(), Map.of("price", 189.5)); // waits for room as configured
            engine.publish("Market.Quote.MSFT", new Quote("MSFT", 410.2));         // one object: a typed message
            boolean queued = engine.tryPublish("Market.Data.TSLA", List.of(), Map.of("price", 251.0)); // never waits
            System.out.println("TSLA queued: " + queued);
        } // close(): delivers everything accepted, then stops
        System.out.println(seen); // [Market.Data.AAPL 189.5, MSFT @ 410.2, Market.Data.TSLA 251.0]
        // end snippet
        assertEquals(List.of("Market.Data.AAPL 189.5", "MSFT @ 410.2", "Market.Data.TSLA 251.0"), seen);
    }

    @Test
    void topics() {
        // snippet: core-topics
        Topic quotes = Topic.of("Market.Data.{symbol}");
        Topic aapl = quotes.formatStrict(Map.of("symbol", "AAPL"));     // Market.Data.AAPL (throws naming a missing name)
        Topic partial = Topic.of("A.{x}.{y}").format(Map.of("x", "1"));  // A.1.{y}: missing names stay
        Topic order = Topic.join("Orders", "id.42");                     // two exact parts; the second contains a '.'
        Topic more = Topic.of("Market.Data").plus("AAPL");               // Kotlin: Topic.of("Market.Data") + "AAPL"
        boolean hit = quotes.matches(aapl);                               // Kotlin: aapl in quotes
        String symbol = quotes.match(aapl).get("symbol");                 // "AAPL"
        // end snippet
        assertEquals(Topic.of("Market.Data.AAPL"), aapl);
        assertEquals("A.1.{y}", partial.value());
        assertEquals(2, order.size());
        assertEquals("Orders.id.42", order.value());
        assertEquals(aapl, more);
        assertTrue(hit);
        assertEquals("AAPL", symbol);
        assertThrows(IllegalArgumentException.class, () -> quotes.formatStrict(Map.of()));
    }

    @Test
    void routingByLiteral() {
        List<MessagePayload> exact = new CopyOnWriteArrayList<>();
        List<MessagePayload> pattern = new CopyOnWriteArrayList<>();
        EventEngine engine = EventEngine.create();
        // snippet: core-literal
        Topic joined = Topic.join("Ticks", "600010.SH");  // two parts; literal Ticks.600010.SH
        Topic parsed = Topic.of("Ticks.600010.SH");       // three parts, the same literal
        boolean same = joined.equals(parsed);              // true: topics are equal and hashed by literal
        engine.register("Ticks.600010.SH", exact::add);    // an exact hook: both messages reach it
        engine.register("Ticks.{code}", pattern::add);     // a pattern matches part by part: only `joined` has two
        engine.publish(joined, 1);
        engine.publish(parsed, 2);
        // end snippet
        engine.stop(true, EventEngine.FOREVER);
        engine.close();
        assertTrue(same);
        assertEquals(joined.hashCode(), parsed.hashCode());
        assertEquals(List.of(1, 2), exact.stream().map(m -> m.get(0)).toList());
        assertEquals(List.of(1), pattern.stream().map(m -> m.get(0)).toList());
    }

    @Test
    void engine() {
        List<Object> printed = new CopyOnWriteArrayList<>();
        // snippet: core-engine
        try (EventEngine engine = EventEngine.builder()
                .capacity(8192)
                .publishOptions(PublishOptions.waitAtMost(Duration.ofSeconds(5))) // the default is BLOCKING
                .build()) {
            engine.register("Market.Data.{symbol}", msg -> printed.add(msg.topic() + " " + msg.args() + " " + msg.kwargs()));
            engine.start();
            engine.publish(Topic.of("Market.Data.AAPL"), List.of(), Map.of("price", 189.5)); // args and kwargs
            engine.put("Market.Data.MSFT", 410.2);                                           // PyEventEngine's name
        } // close(): delivers what is pending, then stops
        // end snippet
        assertEquals(List.of("Market.Data.AAPL [] {price=189.5}", "Market.Data.MSFT [410.2] {}"), printed);
    }

    @Test
    void retained() {
        List<Object> printed = new CopyOnWriteArrayList<>();
        // snippet: core-retain
        EventEngine engine = EventEngine.builder()
                .retain("Quote.{symbol}")           // every message on these topics is retained
                .maxRetainedTopics(50_000)          // then the least recently updated topic goes
                .build();
        engine.publish("Quote.AAPL", 189.5);
        engine.publish("Status.Feed", PublishOptions.BLOCKING.retained(), "up"); // retained per call
        engine.stop(true, EventEngine.FOREVER);    // dispatched: now they are retained

        // A late subscriber gets the current values first, in seq order, then live messages.
        engine.register("**", msg -> printed.add(msg.topic() + " " + msg.args()));
        engine.publish("Quote.AAPL", 190.1);
        engine.publish("Status.Feed", PublishOptions.BLOCKING.retained()); // empty: clears Status.Feed
        engine.stop(true, EventEngine.FOREVER);
        List<MessagePayload> quotes = engine.retained("Quote.*"); // [Quote.AAPL 190.1]
        int cleared = engine.clearRetained("Quote.*");           // 1: forgotten, nothing delivered
        // end snippet
        engine.close();
        assertEquals(
                List.of("Quote.AAPL [189.5]", "Status.Feed [up]", "Quote.AAPL [190.1]", "Status.Feed []"), printed);
        assertEquals(1, quotes.size());
        assertEquals(190.1, quotes.get(0).get(0));
        assertEquals(1, cleared);
        assertEquals(0, engine.retainedCount());
    }

    @Test
    void publishOptions() {
        // snippet: core-publish
        EventEngine engine = EventEngine.builder().capacity(2).build(); // not started: nothing frees room
        engine.publish("Orders.New", 1);                                // waits as publishOptions() say: room now
        engine.publish("Orders.New", PublishOptions.NON_BLOCKING, 2);   // never waits; QueueFullException if full
        boolean queued = engine.tryPublish("Orders.New", 3);            // false: full, nothing queued
        boolean gaveUp = false;
        try {
            engine.publish("Orders.New", PublishOptions.waitAtMost(Duration.ofMillis(50)), 4);
        } catch (QueueFullException e) {
            gaveUp = true;                                              // after 50 ms; nothing queued
        }
        EngineStats stats = engine.stats();                             // rejectedPuts: 2, one per publish refused
        // end snippet
        engine.close();
        assertFalse(queued);
        assertTrue(gaveUp);
        assertEquals(2, stats.rejectedPuts());
        assertEquals(2, stats.occupancy());
        assertThrows(QueueFullException.class, () -> {
            EventEngine full = EventEngine.builder().capacity(2).build();
            full.publish("A", 1);
            full.publish("A", 2);
            full.publish("A", PublishOptions.NON_BLOCKING, 3);
        });
    }

    @Test
    void typedMessages() {
        // snippet: core-typed
        record Quote(String symbol, double price) {}
        record Trade(String symbol, long qty) {}

        List<Quote> quotes = new ArrayList<>();
        List<Trade> trades = new ArrayList<>();
        EventEngine engine = EventEngine.create();
        engine.register("Market.**", Quote.class, quotes::add);     // only the Quotes
        engine.register("Market.**", Trade.class, trades::add);     // only the Trades, on the same pattern
        engine.publish("Market.Equity.AAPL", new Quote("AAPL", 189.5));
        engine.publish("Market.Equity.AAPL", new Trade("AAPL", 100));
        engine.publish("Market.Equity.AAPL", List.of(), Map.of("note", "no one object: both skip it"));
        engine.stop(true, EventEngine.FOREVER);                     // stopped engine: delivers here, on this thread
        // end snippet
        engine.close();
        assertEquals(List.of(new Quote("AAPL", 189.5)), quotes);
        assertEquals(List.of(new Trade("AAPL", 100)), trades);
    }

    @Test
    void takingByHand() {
        // snippet: core-take
        EventEngine engine = EventEngine.create();                 // never started: this thread takes the messages
        engine.publish("Jobs.Resize", "a.png");
        engine.publish("Jobs.Resize", "b.png");
        MessagePayload first = engine.take();                      // waits for ever
        MessagePayload second = engine.poll(Duration.ofSeconds(1)); // QueueEmptyException if none comes in 1 s
        MessagePayload none = engine.tryPoll();                    // null: the queue is empty; never waits
        // end snippet
        assertEquals("a.png", first.get(0));
        assertEquals("b.png", second.get(0));
        assertEquals(1, second.seqId());
        assertNull(none);
        assertThrows(QueueEmptyException.class, () -> engine.poll(Duration.ZERO));
        engine.close();
    }

    @Test
    void timers() throws InterruptedException {
        List<Instant> ticks = new CopyOnWriteArrayList<>();
        // snippet: core-timer
        ManualClock clock = new ManualClock(Instant.parse("2026-01-05T09:30:00Z"));
        try (EventEngine engine = EventEngine.builder().clock(clock).build()) {
            Topic second = engine.timer(Duration.ofSeconds(1));     // EventEngine.Internal.Timer.Second
            engine.register(second, tick -> ticks.add(tick.get("timestamp", Instant.class)));
            engine.start();
            clock.awaitSleeper(Duration.ofSeconds(5));              // the timer thread waits on the clock
            clock.advance(Duration.ofSeconds(1));                   // one second of virtual time: one tick
            clock.awaitSleeper(Duration.ofSeconds(5));              // it has published the tick
        }
        // ticks: [2026-01-05T09:30:00Z], the start of the second that ended
        // end snippet
        assertEquals(List.of(Instant.parse("2026-01-05T09:30:00Z")), ticks);
        assertEquals("EventEngine.Internal.Timer.Second", EventEngine.create().timer(Duration.ofSeconds(1)).value());
    }

    @Test
    void testing() {
        // snippet: core-testing
        MessageRecorder replies = new MessageRecorder();
        long delivered;
        try (SynchronousEngine sync = SynchronousEngine.create()) {
            sync.engine().register("Request", m -> sync.engine().publish("Reply", m.get(0)));
            sync.engine().register("Reply", replies);
            sync.engine().publish("Request", "ping");
            delivered = sync.deliverAll(); // 2: the request, then the reply its handler published
        }
        System.out.println(delivered + " " + replies.messages().get(0).args()); // 2 [ping]
        // end snippet
        assertEquals(2, delivered);
        assertEquals(List.of("ping"), replies.messages().get(0).args());
    }

    @Test
    void engineSupport() throws InterruptedException {
        List<Object> handled = new CopyOnWriteArrayList<>();
        EventEngine engine = EventEngine.builder().capacity(2).build();
        engine.register("Orders.New", msg -> handled.add(msg.get(0)));
        engine.publish("Orders.New", "first");
        engine.publish("Orders.New", "second"); // the queue is full now
        String order = "third";
        // snippet: core-spi
        EngineSupport support = EngineSupport.of(engine);
        Topic topic = Topic.of("Orders.New");
        Runnable attempt = new Runnable() {
            @Override
            public void run() {
                if (!support.offer(topic, List.of(order), Map.of())) { // refused: not counted as a rejected put
                    support.whenRoomAvailable(this);                   // try again when there is room; parks no thread
                }
            }
        };
        attempt.run();
        // end snippet
        assertEquals(2, engine.occupancy());
        engine.start();
        // the retry runs on the dispatcher after it freed room; close() before that would refuse it
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (handled.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        engine.close();
        assertEquals(List.of("first", "second", "third"), handled);
        assertEquals(0, engine.stats().rejectedPuts());
    }
}
