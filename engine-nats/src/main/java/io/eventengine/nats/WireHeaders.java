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
        StringBuilder value = new StringBuilder(originId.length() + 40)
                .append(originId)
                .append('/')
                .append(message.seqId())
                .append('/')
                .append(message.timestampMillis());
        if (parent != null) {
            value.append('/').append(parent.engineId()).append('/').append(parent.seqId());
        }
        return new Headers().put(ID, value.toString());
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
        String[] fields = value.split("/", -1);
        try {
            if (fields.length == 3) {
                return new MessageOrigin(fields[0], Long.parseLong(fields[1]));
            }
            if (fields.length == 5) {
                return new MessageOrigin(fields[0], Long.parseLong(fields[1]), fields[3], Long.parseLong(fields[4]));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "Malformed " + ID + " header '" + value + "': expected origin/seq/timestamp[/parentOrigin/parentSeq]");
    }
}
