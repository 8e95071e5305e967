package io.eventengine.nats;

import io.eventengine.eventlog.Event;
import io.eventengine.eventlog.EventLog;
import io.eventengine.eventlog.EventLogOptions;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * An engine-eventlog {@link EventLog} kept in a JetStream stream: each event is one message on {@code subject}, its
 * JSON Lines record as the body and its id as the JetStream message id (so appending an event twice stores it once).
 * {@link #load()} reads the subject from the start into a new log, so a second process rebuilds the same log, with its
 * ticks and causal links, and can query its cascades. Needs engine-eventlog on the class path.
 */
public final class StreamEventLog {
    private final JetStream jetStream;
    private final String stream;
    private final String subject;

    private StreamEventLog(JetStream jetStream, String stream, String subject) {
        this.jetStream = jetStream;
        this.stream = stream;
        this.subject = subject;
    }

    /**
     * The log kept on {@code subject} of {@code stream} (which must exist and capture the subject).
     *
     * @throws IllegalArgumentException when {@code subject} is not a literal NATS subject
     */
    public static StreamEventLog of(Connection connection, String stream, String subject) {
        new SubjectMapping(connection.getOptions().supportUTF8Subjects())
                .subjectOf(io.eventengine.core.Topic.of(subject));
        try {
            return new StreamEventLog(connection.jetStream(), stream, subject);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use JetStream on this connection", e);
        }
    }

    /**
     * Appends one event and waits for the stream's ack.
     *
     * @return the stream's ack ({@link PublishAck#isDuplicate()} when the event was stored before)
     */
    public PublishAck append(Event event) {
        try {
            return jetStream.publish(subject, null, body(event), options(event));
        } catch (IOException | JetStreamApiException e) {
            throw new NatsBridgeException(
                    "Stream '" + stream + "' did not store event " + event.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends every event of {@code log}, in order, and waits until the stream has acknowledged them all.
     *
     * @return how many the stream stored new (the others were there already)
     */
    public int appendAll(EventLog log) {
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
        for (Event event : log.events()) {
            acks.add(jetStream.publishAsync(subject, null, body(event), options(event)));
        }
        int stored = 0;
        try {
            for (CompletableFuture<PublishAck> ack : acks) {
                stored += ack.get().isDuplicate() ? 0 : 1;
            }
        } catch (ExecutionException e) {
            throw new NatsBridgeException("Stream '" + stream + "' refused an event: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NatsBridgeException("Interrupted while waiting for the stream's acks", e);
        }
        return stored;
    }

    /** Reads every event stored on the subject into a new in-memory log (strict: a corrupt record fails). */
    public EventLog load() {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        ConsumerConfiguration consumer = ConsumerConfiguration.builder()
                .ackPolicy(AckPolicy.None)
                .deliverPolicy(DeliverPolicy.All)
                .filterSubject(subject)
                .build();
        try {
            StreamReplay.readAll(jetStream, stream, subject, consumer, message -> {
                lines.writeBytes(message.getData());
                lines.write('\n');
            });
        } catch (IOException | JetStreamApiException e) {
            throw new NatsBridgeException("Cannot read stream '" + stream + "': " + e.getMessage(), e);
        }
        try {
            return EventLog.read(
                    new ByteArrayInputStream(lines.toByteArray()), "stream " + stream, EventLogOptions.defaults());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] body(Event event) {
        return event.toJson().getBytes(StandardCharsets.UTF_8);
    }

    private static PublishOptions options(Event event) {
        return PublishOptions.builder().messageId(event.id()).build();
    }
}
