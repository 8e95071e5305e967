package io.eventengine.nats;

import io.eventengine.core.MessageOrigin;
import io.eventengine.core.MessagePayload;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

/**
 * The engine's identity fields as one NATS header, {@code EE-Id: origin/seq/timestampMillis[/parentOrigin/parentSeq]}
 * (see docs/nats.md, "Wire format"): one key instead of five, because jnats validates, copies and serialises headers
 * per key and the bridge's profile (benchmarks' NatsBridgeThroughput) showed that work on the hot path.
 */
final class WireHeaders {
    static final String ID = "EE-Id";

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
        StringBuilder value = new StringBuilder(originId.length() + 40)
                .append(originId)
                .append('/')
                .append(message.seqId())
                .append('/')
                .append(message.timestampMillis());
        if (parent != null) {
            value.append('/').append(parent.engineId()).append('/').append(parent.seqId());
        }
        reused.clear();
        return reused.put(ID, value.toString());
    }

    /** The JetStream message id: a retried publish of the same message has the same one, so the stream dedupes it. */
    static String messageId(String originId, long seqId) {
        return originId + ":" + seqId;
    }

    /**
     * The origin of a received message, or null when it has no bridge header (a plain NATS publisher).
     *
     * @throws IllegalArgumentException when the header is there but malformed
     */
    static @Nullable MessageOrigin originOf(@Nullable Headers headers) {
        String value = headers == null ? null : headers.getFirst(ID);
        if (value == null) {
            return null;
        }
        // indexOf rather than split: no array and no substring for the timestamp, which the import does not use
        int seqAt = value.indexOf('/') + 1;
        int timeAt = seqAt == 0 ? -1 : value.indexOf('/', seqAt) + 1;
        int parentAt = timeAt <= 0 ? -1 : value.indexOf('/', timeAt) + 1;
        try {
            if (timeAt > seqAt && seqAt > 1) {
                String origin = value.substring(0, seqAt - 1);
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
        throw new IllegalArgumentException(
                "Malformed " + ID + " header '" + value + "': expected origin/seq/timestamp[/parentOrigin/parentSeq]");
    }
}
