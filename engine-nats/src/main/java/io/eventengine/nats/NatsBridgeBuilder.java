package io.eventengine.nats;

import io.eventengine.core.EventEngine;
import io.eventengine.core.Topic;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link NatsBridge}: which patterns go out and come in, in which mode. Patterns are checked when they
 * are given (engine syntax, and the parts NATS must carry literally); the server is asked at {@link #start()}.
 */
public final class NatsBridgeBuilder {
    final EventEngine engine;
    final Connection connection;
    private final Function<NatsBridgeBuilder, NatsBridge> factory;
    /** Checks patterns as they are given; the bridge maps with it too. */
    final SubjectMapping subjects;

    @Nullable
    String originId;

    MessageCodec codec = MessageCodec.json();
    NatsTracing tracing = NatsTracing.NONE;
    final List<Topic> exportTopics = new ArrayList<>();
    final List<Topic> importTopics = new ArrayList<>();
    final List<Topic> exportToStream = new ArrayList<>();
    final List<StreamImport> streamImports = new ArrayList<>();
    int maxPendingAcks = 4096;
    int fetchBatch = 256;
    Duration ackTimeout = Duration.ofSeconds(5);
    Duration ackWait = Duration.ofSeconds(30);
    Duration closeTimeout = Duration.ofSeconds(10);

    NatsBridgeBuilder(EventEngine engine, Connection connection, Function<NatsBridgeBuilder, NatsBridge> factory) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.factory = factory;
        this.subjects = new SubjectMapping(connection.getOptions().supportUTF8Subjects());
    }

    /**
     * The origin id the exports carry (default: a random UUID). Bridges of one engine on several connections share
     * one, so that each recognises the others' exports as this engine's.
     */
    public NatsBridgeBuilder originId(String originId) {
        if (!originId.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("An origin id is letters, digits, '_', '.' and '-' (it travels in a"
                    + " header and in JetStream message ids), got '" + originId + "'");
        }
        this.originId = originId;
        return this;
    }

    /** The body codec (default {@link MessageCodec#json()}). */
    public NatsBridgeBuilder codec(MessageCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        return this;
    }

    /**
     * How trace context travels in headers (default {@link NatsTracing#NONE}); engine-micrometer's {@code
     * NatsObservations} carries Micrometer observations.
     */
    public NatsBridgeBuilder tracing(NatsTracing tracing) {
        this.tracing = Objects.requireNonNull(tracing, "tracing");
        return this;
    }

    /** Sends local messages on these patterns to core NATS (at most once). */
    public NatsBridgeBuilder exportTopics(String... patterns) {
        return add(exportTopics, patterns);
    }

    /** Publishes local messages on these patterns locally when they arrive from core NATS (at most once). */
    public NatsBridgeBuilder importTopics(String... patterns) {
        return add(importTopics, patterns);
    }

    /**
     * Sends local messages on these patterns to JetStream (at least once): a stream must capture their subjects. Each
     * publish waits for the stream's ack, asynchronously; at most {@link #maxPendingAcks} wait at once.
     */
    public NatsBridgeBuilder exportToStream(String... patterns) {
        return add(exportToStream, patterns);
    }

    /**
     * Imports the messages of {@code stream} on {@code pattern} through the durable pull consumer {@code durable}
     * (created when missing), at least once. A 2.9 server gives a consumer one filter subject: call this once per
     * pattern, each with its own durable name.
     */
    public NatsBridgeBuilder importFromStream(String stream, String durable, String pattern) {
        if (stream.isEmpty() || durable.isEmpty() || durable.contains(".") || durable.contains(" ")) {
            throw new IllegalArgumentException("A stream import needs a stream name and a durable name without '.' or"
                    + " spaces, got '" + stream + "' and '" + durable + "'");
        }
        Topic topic = Topic.of(pattern);
        subjects.serverSubjectOf(topic);
        streamImports.add(new StreamImport(stream, durable, topic));
        return this;
    }

    /** How many JetStream exports may wait for their ack at once before the dispatcher waits (default 4096). */
    public NatsBridgeBuilder maxPendingAcks(int maxPendingAcks) {
        if (maxPendingAcks < 1) {
            throw new IllegalArgumentException("maxPendingAcks must be at least 1, got " + maxPendingAcks);
        }
        this.maxPendingAcks = maxPendingAcks;
        return this;
    }

    /** The most messages one JetStream fetch asks for (default 256; never more than the queue has room for). */
    public NatsBridgeBuilder fetchBatch(int fetchBatch) {
        if (fetchBatch < 1) {
            throw new IllegalArgumentException("fetchBatch must be at least 1, got " + fetchBatch);
        }
        this.fetchBatch = fetchBatch;
        return this;
    }

    /** How long a JetStream export waits for its ack before it is sent again with the same id (default 5 s). */
    public NatsBridgeBuilder ackTimeout(Duration ackTimeout) {
        this.ackTimeout = positive(ackTimeout, "ackTimeout");
        return this;
    }

    /** The ack wait of the durable consumers the bridge creates: when an unacked import is redelivered (30 s). */
    public NatsBridgeBuilder ackWait(Duration ackWait) {
        this.ackWait = positive(ackWait, "ackWait");
        return this;
    }

    /** How long {@link NatsBridge#close()} waits for JetStream acks (default 10 s). */
    public NatsBridgeBuilder closeTimeout(Duration closeTimeout) {
        this.closeTimeout = positive(closeTimeout, "closeTimeout");
        return this;
    }

    /**
     * Subscribes and registers: the bridge runs from here until it or its engine closes.
     *
     * A bridge without patterns is allowed: it can still {@link NatsBridge#replay replay} streams.
     *
     * @throws NatsBridgeException when the server refuses a subscription or a consumer
     */
    public NatsBridge start() {
        return factory.apply(this);
    }

    private NatsBridgeBuilder add(List<Topic> list, String... patterns) {
        for (String pattern : patterns) {
            Topic topic = Topic.of(pattern);
            subjects.serverSubjectOf(topic);
            list.add(topic);
        }
        return this;
    }

    private static Duration positive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
        return duration;
    }

    record StreamImport(String stream, String durable, Topic pattern) {}
}
