package io.eventengine.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.eventengine.core.EventEngine;
import io.eventengine.nats.NatsBridge;
import io.eventengine.nats.NatsBridgeStats;
import io.eventengine.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The snippets of docs/nats.md, against a real nats-server on a random loopback port. */
class NatsSnippets {
    @Test
    void bridge() throws Exception {
        try (NatsServer server = NatsServer.start()) {
            String url = server.url();
            List<String> printed = new CopyOnWriteArrayList<>();
            // snippet: nats-bridge
            // process 1: the feed
            Connection feedNats = Nats.connect(Options.builder().server(url).noEcho().build());
            EventEngine feed = EventEngine.create();
            feed.start();
            NatsBridge out = NatsBridge.builder(feed, feedNats)
                    .exportTopics("Market.Data.**")        // local publishes go out as the same subjects
                    .start();

            // process 2: the dashboard
            Connection appNats = Nats.connect(Options.builder().server(url).noEcho().build());
            EventEngine app = EventEngine.create();
            app.register("Market.Data.{symbol}", msg -> printed.add(msg.topic() + " " + msg.args()));
            app.start();
            NatsBridge in = NatsBridge.builder(app, appNats)
                    .importTopics("Market.Data.(AAPL|MSFT)") // the server sees Market.Data.*; the rest is filtered here
                    .start();

            feed.publish("Market.Data.AAPL", 189.5);
            feed.publish("Market.Data.IBM", 140.0);            // not imported: the range excludes it
            // end snippet
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (printed.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            assertEquals(List.of("Market.Data.AAPL [189.5]"), printed);
            NatsBridgeStats stats = in.stats();
            assertEquals(1, stats.imported());
            assertEquals(2, out.stats().exported());
            feed.close();
            app.close();
            feedNats.close();
            appNats.close();
        }
    }

    @Test
    void jetStream() throws Exception {
        try (NatsServer server = NatsServer.start();
                Connection nats = Nats.connect(server.url());
                EventEngine engine = EventEngine.create();
                EventEngine worker = EventEngine.create()) {
            List<Object> handled = new CopyOnWriteArrayList<>();
            worker.register("Orders.{id}", msg -> handled.add(msg.get("qty")));
            engine.start();
            worker.start();
            // snippet: nats-jetstream
            nats.jetStreamManagement().addStream(StreamConfiguration.builder()
                    .name("ORDERS").subjects("Orders.>").storageType(StorageType.File).build());

            NatsBridge producer = NatsBridge.builder(engine, nats)
                    .exportToStream("Orders.**")   // each publish waits for the stream's ack, asynchronously
                    .start();
            NatsBridge consumer = NatsBridge.builder(worker, nats)
                    .importFromStream("ORDERS", "order-worker", "Orders.*") // durable; acks after the engine took it
                    .start();
            engine.publish("Orders.17", List.of(), java.util.Map.of("qty", 3));
            // end snippet
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (handled.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of(3), handled);
            consumer.close();
            producer.close();
            assertEquals(1, producer.stats().exported());
            assertEquals(1, consumer.stats().acked());
        }
    }
}
