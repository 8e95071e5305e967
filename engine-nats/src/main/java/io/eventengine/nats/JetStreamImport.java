package io.eventengine.nats;

import io.eventengine.core.EventEngine;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JetStream import (at least once): a durable pull consumer, on a thread of its own, that asks the server for no
 * more messages than the local queue has room for, and acknowledges each only after the engine accepted it. A message
 * the engine has no room for waits (the pull slows) rather than being dropped; one that is not acknowledged (the
 * process died, or close came first) is redelivered by the server after the consumer's ack wait.
 */
final class JetStreamImport implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamImport.class);
    private static final Duration FETCH_WAIT = Duration.ofMillis(200);

    private final ImportRoute route;
    private final String durable;
    private final EventEngine engine;
    private final Inbound inbound;
    private final int maxBatch;
    private final LongAdder imported;
    private final LongAdder redelivered;
    private final LongAdder acked;
    private final JetStreamSubscription subscription;
    private final Thread thread;
    private volatile boolean closed;

    JetStreamImport(
            JetStream jetStream,
            String stream,
            String durable,
            Duration ackWait,
            ImportRoute route,
            EventEngine engine,
            Inbound inbound,
            int maxBatch,
            LongAdder imported,
            LongAdder redelivered,
            LongAdder acked)
            throws IOException, JetStreamApiException {
        this.route = route;
        this.durable = durable;
        this.engine = engine;
        this.inbound = inbound;
        this.maxBatch = maxBatch;
        this.imported = imported;
        this.redelivered = redelivered;
        this.acked = acked;
        ConsumerConfiguration consumer = ConsumerConfiguration.builder()
                .durable(durable)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(ackWait)
                .filterSubject(route.server.subject())
                .build();
        this.subscription = jetStream.subscribe(
                route.server.subject(),
                PullSubscribeOptions.builder().stream(stream)
                        .configuration(consumer)
                        .build());
        this.thread = new Thread(this, "nats-import-" + durable);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        while (!closed) {
            int room = engine.capacity() - engine.occupancy();
            if (room <= 0) {
                awaitRoom();
                continue;
            }
            List<Message> batch;
            try {
                batch = subscription.fetch(Math.min(maxBatch, room), FETCH_WAIT);
            } catch (RuntimeException e) { // disconnected or reconnecting: the durable consumer waits on the server
                if (closed) {
                    return;
                }
                LOG.debug("Fetch from durable '{}' failed ({}); retrying", durable, e.toString());
                sleep(100);
                continue;
            }
            for (Message message : batch) {
                if (!deliver(message)) {
                    return;
                }
            }
        }
    }

    /** False when the engine or the bridge closed before the message got in (it stays unacknowledged). */
    private boolean deliver(Message message) {
        if (!message.isJetStream()) {
            return true; // a status message (e.g. 408 request timeout) that jnats passed on
        }
        if (message.metaData().deliveredCount() > 1) {
            redelivered.increment();
        }
        Inbound.Decoded decoded = inbound.decode(message);
        if (decoded == null || !route.takes(decoded.topic)) {
            ack(message); // an echo, or a subject the coarser filter took that the pattern does not
            return true;
        }
        if (!decoded.readable()) {
            message.term(); // never readable: redelivering it would only repeat the warning
            return true;
        }
        try {
            while (!inbound.offer(decoded)) {
                if (closed) {
                    inbound.abandon(decoded, "the bridge closed before the engine had room; left for redelivery");
                    return false;
                }
                awaitRoom();
            }
        } catch (IllegalStateException engineClosed) {
            return false;
        }
        imported.increment();
        ack(message);
        return true;
    }

    private void ack(Message message) {
        try {
            message.ack();
            acked.increment();
        } catch (RuntimeException e) { // disconnected: the server redelivers after the ack wait
            LOG.debug("Ack on durable '{}' failed: {}", durable, e.toString());
        }
    }

    private void awaitRoom() {
        try {
            inbound.awaitRoom();
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void close(Duration timeout) throws InterruptedException {
        closed = true;
        thread.join(Math.max(1, timeout.toMillis()));
        try {
            subscription.unsubscribe();
        } catch (IllegalStateException alreadyClosed) {
            // the connection closed first
        }
    }
}
