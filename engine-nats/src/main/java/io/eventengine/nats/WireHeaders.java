package io.eventengine.nats;

import io.eventengine.core.MessageOrigin;
import io.eventengine.core.MessagePayload;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

/**
 * The engine's identity fields in one NATS header (see docs/nats.md, "Wire format"): {@code origin/seq/timestampMillis
 * [/parentOrigin/parentSeq]}, as {@code EE-Id} on core NATS and, on JetStream, as the {@code Nats-Msg-Id} the stream
 * dedupes by, prefixed {@code ee:}. One key rather than one per field, and on JetStream none beside the message id,
 * because jnats validates, copies and serialises headers per key: benchmarks' NatsBridgeThroughput measures one header
 * ({@code rawCoreWithHeader}) at about half the throughput of none.
 */
final class WireHeaders {
    static final String ID = "EE-Id";
    static final String MESSAGE_ID = "Nats-Msg-Id";
    /** Marks a message id as the bridge's, so a plain JetStream publisher's own ids are never read as an identity. */
    static final String MESSAGE_ID_PREFIX = "ee:";

    private WireHeaders() {}

    /** Headers for a local message, with its parent as the remote identity {@code parent} (or none). */
    static Headers of(String originId, MessagePayload message, @Nullable MessageOrigin parent) {
        return into(new Headers(), originId, message, parent);
    }

    /**
     * {@link #of} written into {@code reused}, cleared first. For core publishes on the dispatcher thread: jnats copies
     * a writable {@code Headers} when it builds the message (NatsPublishableMessage), so one object serves every
     * message and only jnats' copy is allocated.
     */
    static Headers into(Headers reused, String originId, MessagePayload message, @Nullable MessageOrigin parent) {
        reused.clear();
        return reused.put(ID, identity(new StringBuilder(originId.length() + 40), originId, message, parent));
    }

    /**
     * The JetStream message id: the identity, so a retried publish of the same message has the same id and the stream
     * stores it once.
     */
    static String messageId(String originId, MessagePayload message, @Nullable MessageOrigin parent) {
        StringBuilder id = new StringBuilder(originId.length() + 43).append(MESSAGE_ID_PREFIX);
        return identity(id, originId, message, parent);
    }

    private static String identity(
            StringBuilder value, String originId, MessagePayload message, @Nullable MessageOrigin parent) {
        value.append(originId).append('/').append(message.seqId()).append('/').append(message.timestampMillis());
        if (parent != null) {
            value.append('/').append(parent.engineId()).append('/').append(parent.seqId());
        }
        return value.toString();
    }

    /**
     * The origin of a received message: from {@code EE-Id}, else from a bridge's {@code Nats-Msg-Id}; null when it has
     * neither (a plain NATS publisher, whose own message ids are left alone).
     *
     * @throws IllegalArgumentException when the identity is there but malformed
     */
    static @Nullable MessageOrigin originOf(@Nullable Headers headers) {
        if (headers == null) {
            return null;
        }
        String value = headers.getFirst(ID);
        if (value != null) {
            return parse(value, 0, ID);
        }
        String messageId = headers.getFirst(MESSAGE_ID);
        return messageId != null && messageId.startsWith(MESSAGE_ID_PREFIX)
                ? parse(messageId, MESSAGE_ID_PREFIX.length(), MESSAGE_ID)
                : null;
    }

    private static MessageOrigin parse(String value, int from, String header) {
        // indexOf rather than split: no array and no substring for the timestamp, which the import does not use
        int seqAt = value.indexOf('/', from) + 1;
        int timeAt = seqAt == 0 ? -1 : value.indexOf('/', seqAt) + 1;
        int parentAt = timeAt <= 0 ? -1 : value.indexOf('/', timeAt) + 1;
        try {
            if (timeAt > seqAt && seqAt > from + 1) {
                String origin = value.substring(from, seqAt - 1);
                long seq = Long.parseLong(value, seqAt, timeAt - 1, 10);
                if (parentAt == 0) {
                    Long.parseLong(value, timeAt, value.length(), 10); // checked, not kept
                    return new MessageOrigin(origin, seq);
                }
                int parentSeqAt = value.indexOf('/', parentAt) + 1;
                if (parentSeqAt > parentAt + 1 && value.indexOf('/', parentSeqAt) < 0) {
                    Long.parseLong(value, timeAt, parentAt - 1, 10);
                    return new MessageOrigin(
                            origin,
                            seq,
                            value.substring(parentAt, parentSeqAt - 1),
                            Long.parseLong(value, parentSeqAt, value.length(), 10));
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("Malformed " + header + " header '" + value
                + "': expected " + (from > 0 ? MESSAGE_ID_PREFIX : "")
                + "origin/seq/timestamp[/parentOrigin/parentSeq]");
    }
}
