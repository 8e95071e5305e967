package io.eventengine.nats;

import io.eventengine.core.EventEngine;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/** Replays a stream into an engine through an ephemeral pull consumer that needs no acks. */
final class StreamReplay {
    private static final Duration FETCH_WAIT = Duration.ofMillis(500);

    private StreamReplay() {}

    static int fromSequence(
            JetStream js, String stream, ImportRoute route, long fromSequence, Inbound inbound, EventEngine engine) {
        if (fromSequence < 1) {
            throw new IllegalArgumentException("Stream sequences start at 1, got " + fromSequence);
        }
        return run(
                js,
                stream,
                route,
                base(route).deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(fromSequence),
                inbound,
                engine);
    }

    static int fromTime(JetStream js, String stream, ImportRoute route, Instant from, Inbound inbound, EventEngine e) {
        return run(
                js,
                stream,
                route,
                base(route).deliverPolicy(DeliverPolicy.ByStartTime).startTime(from.atZone(ZoneOffset.UTC)),
                inbound,
                e);
    }

    private static ConsumerConfiguration.Builder base(ImportRoute route) {
        return ConsumerConfiguration.builder().ackPolicy(AckPolicy.None).filterSubject(route.server.subject());
    }

    private static int run(
            JetStream js,
            String stream,
            ImportRoute route,
            ConsumerConfiguration.Builder consumer,
            Inbound inbound,
            EventEngine engine) {
        int[] published = {0};
        try {
            readAll(js, stream, route.server.subject(), consumer.build(), message -> {
                Inbound.Decoded decoded = inbound.decode(message);
                if (decoded == null || !decoded.readable() || !route.takes(decoded.topic)) {
                    return;
                }
                while (!inbound.offer(decoded)) {
                    awaitRoom(inbound);
                }
                published[0]++;
            });
        } catch (IOException | JetStreamApiException e) {
            throw new NatsBridgeException(
                    "Cannot replay stream '" + stream + "' on '" + route.pattern + "': " + e.getMessage()
                            + ". Check the stream name and that it captures the subjects",
                    e);
        }
        return published[0];
    }

    /**
     * Hands {@code each} every message an ephemeral pull consumer with {@code consumer}'s configuration delivers on
     * {@code subject}, until the stream has none left for it (what it stored when the read began).
     */
    static void readAll(
            JetStream js, String stream, String subject, ConsumerConfiguration consumer, Consumer<Message> each)
            throws IOException, JetStreamApiException {
        JetStreamSubscription sub = js.subscribe(
                subject,
                PullSubscribeOptions.builder().stream(stream)
                        .configuration(consumer)
                        .build());
        try {
            while (true) {
                long left = 0;
                boolean any = false;
                for (Message message : sub.fetch(256, FETCH_WAIT)) {
                    if (message.isJetStream()) { // not a status message (e.g. 408 request timeout)
                        any = true;
                        left = message.metaData().pendingCount();
                        each.accept(message);
                    }
                }
                if (!any || left == 0) {
                    return;
                }
            }
        } finally {
            sub.unsubscribe();
        }
    }

    private static void awaitRoom(Inbound inbound) {
        try {
            inbound.awaitRoom();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during a stream replay", e);
        }
    }
}
