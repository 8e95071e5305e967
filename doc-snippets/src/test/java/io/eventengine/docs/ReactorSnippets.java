package io.eventengine.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Overflow;
import io.eventengine.core.PublishOptions;
import io.eventengine.core.QueueFullException;
import io.eventengine.core.Topic;
import io.eventengine.reactor.FluxOptions;
import io.eventengine.reactor.ReactorEngine;
import io.eventengine.test.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The engine-reactor snippets of docs/reactor.md.
 */
@Timeout(60)
class ReactorSnippets {
    record Quote(String symbol, double price) {}

    @Test
    void quickStart() {
        List<String> prices;
        List<Quote> typed;
        // snippet: reactor-java
        try (EventEngine engine = EventEngine.builder().capacity(8192).build()) {
            engine.start();
            ReactorEngine rx = ReactorEngine.of(engine);

            CompletableFuture<List<String>> seen = rx.flux("Market.Data.{symbol}")   // BLOCK, 256 per subscriber
                    .map(m -> m.topic().value() + " " + m.getDouble("price"))
                    .take(1_001)
                    .collectList()
                    .toFuture();                                                     // subscribes now
            CompletableFuture<Quote> quote = rx.flux("Market.Quote.**", Quote.class).next().toFuture(); // typed

            rx.publish("Market.Data.AAPL", List.of(), Map.of("price", 189.5))        // Mono<Void>: waits for room,
                    .block();                                                         // parks no thread
            rx.publish("Market.Quote.MSFT", new Quote("MSFT", 410.2)).block();        // one object: a typed message

            Topic msft = Topic.of("Market.Data.MSFT");
            rx.publishAll(Flux.range(0, 1_000), i -> MessagePayload.of(msft, List.of(), Map.of("price", 400.0 + i)))
                    .block();                                                         // requests only what fits
            prices = seen.join();                                                     // [Market.Data.AAPL 189.5, ...]
            typed = List.of(quote.join());                                            // [Quote[symbol=MSFT, ...]]
        } // close(): every flux completes after what close() delivered
        // end snippet
        assertEquals(1_001, prices.size());
        assertEquals("Market.Data.AAPL 189.5", prices.get(0));
        assertEquals("Market.Data.MSFT 1399.0", prices.get(1_000));
        assertEquals(List.of(new Quote("MSFT", 410.2)), typed);
    }

    @Test
    void publishing() {
        EventEngine engine = EventEngine.builder().capacity(2).build(); // stopped, so nothing frees room
        engine.publish("Orders.New", 1);
        engine.publish("Orders.New", 2);                                // full
        // snippet: reactor-publish
        ReactorEngine rx = ReactorEngine.of(engine);                    // an engine whose queue is full
        Mono<Void> waiting = rx.publish("Orders.New", 3);               // waits as engine.publishOptions() say (BLOCKING)
        Mono<Void> failFast = rx.publish("Orders.New", PublishOptions.NON_BLOCKING, 4);
        Mono<Void> bounded = rx.publish("Orders.New", PublishOptions.waitAtMost(Duration.ofMillis(50)), 5);
        Mono<Boolean> offered = rx.tryPublish("Orders.New", 6);         // true: queued, false: full; never waits

        StepVerifier.create(failFast).expectError(QueueFullException.class).verify();   // at once
        StepVerifier.create(bounded).expectError(QueueFullException.class).verify();    // after 50 ms
        StepVerifier.create(offered).expectNext(false).verifyComplete();
        StepVerifier.create(waiting)
                .then(engine::start)                                    // the dispatcher frees room
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        // engine.stats().rejectedPuts() == 3: one per publish that was refused, however long it waited
        // end snippet
        engine.close();
        assertEquals(3, engine.stats().rejectedPuts());
        assertEquals(3, engine.stats().dispatched());
    }

    @Test
    void intervalOnManualClock() {
        // snippet: reactor-interval-manual-clock
        ManualClock clock = new ManualClock(Instant.parse("2026-01-05T09:30:00Z")); // engine-test's ManualClock
        EventEngine engine = EventEngine.builder().clock(clock).build();
        engine.start();
        Runnable oneSecond = () -> {
            try {
                clock.awaitSleeper(Duration.ofSeconds(5)); // the timer thread has done what was due
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            clock.advance(Duration.ofSeconds(1));
        };
        StepVerifier.create(ReactorEngine.of(engine).interval(Duration.ofSeconds(1)).take(2))
                .then(oneSecond)
                .assertNext(tick -> assertEquals(Instant.parse("2026-01-05T09:30:00Z"), tick.get("timestamp")))
                .then(oneSecond)
                .expectNextCount(1)
                .verifyComplete();
        // end snippet
        engine.close();
    }

    @Test
    void intervalOnVirtualTime() {
        // snippet: reactor-interval-virtual-time
        VirtualTimeScheduler vts = VirtualTimeScheduler.create();
        EventEngine engine = EventEngine.builder().clock(ReactorEngine.schedulerClock(vts)).build();
        engine.start();
        StepVerifier.withVirtualTime(() -> ReactorEngine.of(engine).interval(Duration.ofSeconds(1)).take(3), () -> vts, Long.MAX_VALUE)
                .thenAwait(Duration.ofSeconds(1)).expectNextCount(1)
                .thenAwait(Duration.ofSeconds(1)).expectNextCount(1)
                .thenAwait(Duration.ofSeconds(1)).expectNextCount(1)
                .verifyComplete();
        // end snippet
        engine.close();
    }

    // snippet: reactor-sse
    static final class QuoteStream {                // the dashboard sample's controller has this shape
        private final ReactorEngine rx;

        QuoteStream(EventEngine engine) {
            this.rx = ReactorEngine.of(engine);
        }

        // @GetMapping(path = "/quotes/{symbol}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
        Flux<String> quotes(String symbol) {
            Topic topic = Topic.join("Market", "Data", symbol); // an exact part: user input cannot become a pattern
            return rx.flux(topic, FluxOptions.of(Overflow.DROP_OLDEST, 64))
                    .map(m -> m.seqId() + " " + m.getDouble("price")); // or ServerSentEvent.builder(...).id(...)
        }

        // @PostMapping("/quotes/{symbol}")
        Mono<Boolean> post(String symbol, Map<String, Object> quote) {
            return rx.tryPublish(Topic.join("Market", "Data", symbol), List.of(), quote); // false: answer 503
        }
    }
    // end snippet

    @Test
    void serverSentEvents() {
        try (EventEngine engine = EventEngine.builder().build()) {
            engine.start();
            QuoteStream stream = new QuoteStream(engine);
            CompletableFuture<String> first = stream.quotes("A.B").next().toFuture();
            assertTrue(stream.post("A.B", Map.of("price", 1.5)).block());
            assertTrue(first.join().endsWith(" 1.5"));
        }
    }
}
