package io.eventengine.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.eventlog.Event;
import io.eventengine.eventlog.EventLog;
import io.eventengine.eventlog.EventRecorder;
import io.eventengine.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** JetStream (at least once) through a real server: restarts, redelivery, dedupe, backpressure, replay. */
class NatsBridgeJetStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static void createStream(Connection connection, String name, String subject) throws Exception {
        JetStreamManagement jsm = connection.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder()
                .name(name)
                .subjects(subject)
                .storageType(StorageType.File)
                .build());
    }

    private static long streamCount(Connection connection, String name) throws Exception {
        return connection
                .jetStreamManagement()
                .getStreamInfo(name)
                .getStreamState()
                .getMsgCount();
    }

    @Test
    void killingAndRestartingTheServerMidStreamLosesNothing() throws Exception {
        try (NatsServer server = NatsServer.start();
                EventEngine a = EventEngine.create();
                EventEngine b = EventEngine.create();
                Connection ca = Nats.connect(server);
                Connection cb = Nats.connect(server)) {
            createStream(ca, "ORDERS", "Orders.>");
            Set<Integer> received = ConcurrentHashMap.newKeySet();
            AtomicLong deliveries = new AtomicLong();
            b.register("Orders.{id}", m -> {
                received.add(m.getInt("n"));
                deliveries.incrementAndGet();
            });
            a.start();
            b.start();
            NatsBridge exporter = NatsBridge.builder(a, ca)
                    .exportToStream("Orders.**")
                    .ackTimeout(Duration.ofSeconds(1))
                    .start();
            NatsBridge importer = NatsBridge.builder(b, cb)
                    .importFromStream("ORDERS", "orders-b", "Orders.*")
                    .ackWait(Duration.ofSeconds(2))
                    .start();
            int perRound = 1_000;
            int n = 0;
            for (; n < perRound; n++) {
                a.publish("Orders." + (n % 7), List.of(), Map.of("n", n));
            }
            Nats.await("some imported before the kill", WAIT, () -> received.size() > 100);
            server.kill(); // SIGKILL by pid, mid-stream: acks and deliveries in flight are lost
            long pid = server.pid();
            assertEquals(-1, pid, "the server is down");
            for (; n < 2 * perRound; n++) {
                a.publish("Orders." + (n % 7), List.of(), Map.of("n", n));
            }
            Thread.sleep(1_500); // long enough for the acks of what was in flight to time out and be retried
            server.restart();
            for (; n < 3 * perRound; n++) {
                a.publish("Orders." + (n % 7), List.of(), Map.of("n", n));
            }
            int total = n;
            Nats.await("all " + total + " imported after the restart", WAIT, () -> received.size() == total);
            Nats.await("every export acknowledged", WAIT, () -> exporter.stats().pending() == 0);
            NatsBridgeStats out = exporter.stats();
            NatsBridgeStats in = importer.stats();
            assertEquals(total, out.exported(), "acknowledged exports: " + out);
            assertEquals(0, out.dropped(), out.toString());
            assertTrue(out.retried() > 0, "the kill caught publishes in flight, which were sent again: " + out);
            assertEquals(total, streamCount(ca, "ORDERS"), "retries stored once (dedupe by origin:seq)");
            assertTrue(deliveries.get() >= total, "at least once: " + deliveries.get());
            assertEquals(in.imported(), deliveries.get());
            System.out.printf(
                    "restart: %d exported, %d retried, %d imported (%d redelivered, %d duplicates), 0 lost%n",
                    out.exported(), out.retried(), in.imported(), in.redelivered(), deliveries.get() - total);
        }
    }

    @Test
    void messagesAConsumerTookAndNeverAckedAreRedeliveredToTheBridge() throws Exception {
        try (NatsServer server = NatsServer.start();
                EventEngine a = EventEngine.create();
                EventEngine b = EventEngine.create();
                Connection ca = Nats.connect(server);
                Connection cb = Nats.connect(server)) {
            createStream(ca, "JOBS", "Jobs.>");
            a.start();
            b.start();
            Duration ackWait = Duration.ofSeconds(1);
            // the bridge makes the durable consumer, then goes away before anything is published
            NatsBridge.builder(b, cb)
                    .importFromStream("JOBS", "jobs", "Jobs.**")
                    .ackWait(ackWait)
                    .start()
                    .close();
            NatsBridge exporter =
                    NatsBridge.builder(a, ca).exportToStream("Jobs.**").start();
            for (int i = 0; i < 50; i++) {
                a.publish("Jobs.run", List.of(), Map.of("n", i));
            }
            Nats.await("stored", WAIT, () -> exporter.stats().exported() == 50);
            // another member of the durable takes ten and dies without acking them
            JetStream js = cb.jetStream();
            JetStreamSubscription crashed = js.subscribe("Jobs.>", PullSubscribeOptions.bind("JOBS", "jobs"));
            List<Message> taken = crashed.fetch(10, Duration.ofSeconds(2));
            assertEquals(10, taken.size());
            crashed.unsubscribe();

            Set<Integer> got = ConcurrentHashMap.newKeySet();
            b.register("Jobs.run", m -> got.add(m.getInt("n")));
            NatsBridge importer = NatsBridge.builder(b, cb)
                    .importFromStream("JOBS", "jobs", "Jobs.**")
                    .ackWait(ackWait)
                    .start();
            Nats.await("all 50, the ten after their ack wait", WAIT, () -> got.size() == 50);
            NatsBridgeStats stats = importer.stats();
            assertEquals(10, stats.redelivered(), stats.toString());
            assertEquals(50, stats.acked(), stats.toString());
        }
    }

    @Test
    void aRetriedPublishWithTheBridgesMessageIdIsStoredOnce() throws Exception {
        try (NatsServer server = NatsServer.start();
                EventEngine a = EventEngine.create();
                Connection ca = Nats.connect(server)) {
            createStream(ca, "DEDUPE", "Dedupe.>");
            List<Message> seen = new CopyOnWriteArrayList<>();
            a.start();
            NatsBridge bridge = NatsBridge.builder(a, ca)
                    .originId("engine-a")
                    .exportToStream("Dedupe.**")
                    .start();
            a.publish("Dedupe.x", 1);
            Nats.await("acked", WAIT, () -> bridge.stats().exported() == 1);
            io.nats.client.api.MessageInfo stored = ca.jetStreamManagement().getMessage("DEDUPE", 1);
            String id = stored.getHeaders().getFirst("Nats-Msg-Id");
            assertTrue(id.startsWith("ee:engine-a/0/"), "the message's identity is its id: " + id);
            assertNull(stored.getHeaders().getFirst("EE-Id"), "and the only header: " + stored.getHeaders());
            Headers retry = new Headers().put("Nats-Msg-Id", id);
            PublishAck again = ca.jetStream().publish("Dedupe.x", retry, stored.getData());
            assertTrue(again.isDuplicate(), "the stream recognises the retry");
            assertEquals(1, streamCount(ca, "DEDUPE"));
            assertTrue(seen.isEmpty());
        }
    }

    @Test
    void eachStoredMessageCarriesOnlyTheHeadersTracingWroteForIt() throws Exception {
        NatsTracing everyOther = new NatsTracing() {
            @Override
            public Span exporting(io.eventengine.core.MessagePayload message, String subject, Headers headers) {
                if (message.getInt("n") % 2 == 1) {
                    headers.put("Trace", "odd-" + message.getInt("n"));
                }
                return Span.NONE;
            }

            @Override
            public Span importing(String subject, @Nullable Headers headers) {
                return Span.NONE;
            }
        };
        try (NatsServer server = NatsServer.start();
                EventEngine a = EventEngine.create();
                Connection ca = Nats.connect(server)) {
            createStream(ca, "TRACED", "Traced.>");
            a.start();
            NatsBridge bridge = NatsBridge.builder(a, ca)
                    .exportToStream("Traced.**")
                    .tracing(everyOther)
                    .start();
            for (int n = 0; n < 4; n++) {
                a.publish("Traced.x", List.of(), Map.of("n", n));
            }
            Nats.await("all acked", WAIT, () -> bridge.stats().exported() == 4);
            for (int n = 0; n < 4; n++) {
                Headers stored =
                        ca.jetStreamManagement().getMessage("TRACED", n + 1).getHeaders();
                assertTrue(stored.getFirst("Nats-Msg-Id").startsWith("ee:"), stored.toString());
                assertEquals(n % 2 == 1 ? List.of("odd-" + n) : null, stored.get("Trace"), "message " + n);
            }
        }
    }

    @Test
    void aSlowLocalConsumerSlowsThePullInsteadOfDropping() throws Exception {
        try (NatsServer server = NatsServer.start();
                EventEngine a = EventEngine.create();
                EventEngine b = EventEngine.builder().capacity(8).build();
                Connection ca = Nats.connect(server);
                Connection cb = Nats.connect(server)) {
            createStream(ca, "SLOW", "Slow.>");
            List<Integer> got = new CopyOnWriteArrayList<>();
            b.register("Slow.n", m -> {
                Thread.sleep(1);
                got.add(m.getInt("n"));
            });
            a.start();
            b.start();
            NatsBridge.builder(a, ca).exportToStream("Slow.**").start();
            NatsBridge importer = NatsBridge.builder(b, cb)
                    .importFromStream("SLOW", "slow", "Slow.n")
                    .start();
            int sent = 500;
            for (int i = 0; i < sent; i++) {
                a.publish("Slow.n", List.of(), Map.of("n", i));
            }
            Nats.await("all handled", WAIT, () -> got.size() == sent);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < sent; i++) {
                expected.add(i);
            }
            assertEquals(expected, got, "every message, in stream order");
            assertEquals(0, importer.stats().dropped());
            assertEquals(0, b.stats().rejectedPuts(), "the pull never asked for more than the queue could take");
        }
    }

    @Test
    void replayingAStreamIntoAFreshEngineRebuildsTheSameEventLog() throws Exception {
        try (NatsServer server = NatsServer.start();
                EventEngine a = EventEngine.create();
                EventEngine c = EventEngine.create();
                Connection ca = Nats.connect(server);
                Connection cc = Nats.connect(server);
                EventLog logA = new EventLog();
                EventLog logC = new EventLog()) {
            createStream(ca, "GAME", "Game.>");
            a.register("Game.Move", m -> a.publish("Game.Score", List.of(), Map.of("for", m.getString("who"))));
            EventRecorder recorderA = EventRecorder.record(a, logA, "Game.**");
            a.start();
            NatsBridge exporter =
                    NatsBridge.builder(a, ca).exportToStream("Game.**").start();
            for (int i = 0; i < 20; i++) {
                a.publish("Game.Move", List.of(), Map.of("who", "p" + (i % 3), "x", i));
            }
            Nats.await("40 events stored", WAIT, () -> exporter.stats().exported() == 40);
            assertEquals(40, recorderA.recorded());

            EventRecorder recorderC = EventRecorder.record(c, logC, "Game.**");
            c.start();
            NatsBridge replayer = NatsBridge.builder(c, cc).start();
            assertEquals(40, replayer.replay("GAME", "Game.**", 1));
            Nats.await("40 replayed events recorded", WAIT, () -> recorderC.recorded() == 40);
            List<Event> original = logA.events();
            List<Event> rebuilt = logC.events();
            for (int i = 0; i < original.size(); i++) {
                Event o = original.get(i);
                Event r = rebuilt.get(i);
                assertEquals(o.type(), r.type(), "event " + i);
                assertEquals(o.data(), r.data(), "event " + i);
                assertEquals(parentIndex(logA, o), parentIndex(logC, r), "the parent of event " + i);
            }
            assertEquals(20, rebuilt.stream().filter(Event::hasParent).count(), "each score is linked to its move");
            assertEquals(0, replayer.replay("GAME", "Game.Nothing", 1));
        }
    }

    private static int parentIndex(EventLog log, Event event) {
        return event.parentId() == null ? -1 : log.events().indexOf(log.get(event.parentId()));
    }
}
