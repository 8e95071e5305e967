package io.eventengine.nats;

import io.eventengine.core.MessageOrigin;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import io.eventengine.core.spi.EngineSupport;
import io.nats.client.Message;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a received NATS message into a local message: its topic, arguments, origin and local parent. */
final class Inbound {
    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);

    private final String originId;
    private final MessageCodec codec;
    private final EngineSupport support;
    private final LongAdder undecodable;
    private final NatsTracing tracing;
    /** Numbers messages from plain NATS publishers (no bridge headers), which get the origin "nats". */
    private final AtomicLong plain = new AtomicLong();

    Inbound(String originId, MessageCodec codec, EngineSupport support, LongAdder undecodable, NatsTracing tracing) {
        this.originId = originId;
        this.tracing = tracing;
        this.codec = codec;
        this.support = support;
        this.undecodable = undecodable;
    }

    /** A decoded message ready to offer, or null for an echo of this bridge's own export. */
    @Nullable
    Decoded decode(Message message) {
        MessageOrigin origin;
        Topic topic;
        MessageCodec.Decoded body;
        try {
            origin = WireHeaders.originOf(message.getHeaders());
            if (origin != null && origin.engineId().equals(originId)) {
                return null; // our own export: a connection without noEcho sees it; never import it back
            }
            topic = Topic.of(message.getSubject());
            if (!topic.isExact()) {
                throw new IllegalArgumentException("the subject reads as the engine pattern '" + topic + "'");
            }
            body = codec.decode(message.getData() == null ? new byte[0] : message.getData());
        } catch (IllegalArgumentException e) { // TopicSyntaxException too
            undecodable.increment();
            LOG.warn(
                    "Ignoring a NATS message on '{}' the bridge cannot read: {}", message.getSubject(), e.getMessage());
            return Decoded.UNREADABLE;
        }
        if (origin == null) {
            origin = new MessageOrigin("nats", plain.getAndIncrement());
        }
        long localParent = origin.hasParent() && originId.equals(origin.parentEngineId())
                ? origin.parentSeqId()
                : MessagePayload.NO_SEQ;
        return new Decoded(topic, body, origin, localParent, message);
    }

    /** Waits until the engine's queue has room (or 100 ms: the caller re-checks what it waits for). */
    void awaitRoom() throws InterruptedException {
        CountDownLatch room = new CountDownLatch(1);
        support.whenRoomAvailable(room::countDown);
        room.await(100, TimeUnit.MILLISECONDS);
    }

    /**
     * Queues a decoded message if the engine has room now, inside its import span (started at the first attempt, ended
     * once it got in), so the engine captures the remote context as its parent.
     */
    boolean offer(Decoded message) {
        NatsTracing.Span span = message.span;
        if (span == null) {
            Message received = message.received;
            span = tracing.importing(received.getSubject(), received.getHeaders());
            message.span = span;
        }
        boolean queued;
        try (NatsTracing.Scope scope = span.open()) {
            queued = support.offerImported(
                    message.topic, message.body.args(), message.body.kwargs(), message.origin, message.localParent);
        } catch (RuntimeException e) {
            span.end(e);
            throw e;
        }
        if (queued) {
            span.end(null);
        }
        return queued;
    }

    /** The message will not be offered again (dropped, or the bridge closed): ends its import span, if any. */
    void abandon(Decoded message, String why) {
        NatsTracing.Span span = message.span;
        if (span != null) {
            message.span = null;
            span.end(new IllegalStateException(why));
        }
    }

    /** A received message, decoded. */
    static final class Decoded {
        static final Decoded UNREADABLE = new Decoded(null, null, null, MessagePayload.NO_SEQ, null);

        final Topic topic;
        final MessageCodec.Decoded body;
        final MessageOrigin origin;
        final long localParent;
        final Message received;
        /** The import span, from the first offer on; the importing thread's alone. */
        NatsTracing.@Nullable Span span;

        Decoded(
                @Nullable Topic topic,
                MessageCodec.@Nullable Decoded body,
                @Nullable MessageOrigin origin,
                long localParent,
                @Nullable Message received) {
            this.topic = topic;
            this.received = received;
            this.body = body;
            this.origin = origin;
            this.localParent = localParent;
        }

        boolean readable() {
            return this != UNREADABLE;
        }
    }
}
