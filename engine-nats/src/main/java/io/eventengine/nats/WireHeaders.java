package io.eventengine.nats;

import io.eventengine.core.MessageOrigin;
import io.eventengine.core.MessagePayload;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

/** The engine's identity fields as NATS headers: see docs/nats.md, "Wire format". */
final class WireHeaders {
    static final String ORIGIN = "EE-Origin";
    static final String SEQ = "EE-Seq";
    static final String PARENT_ORIGIN = "EE-Parent-Origin";
    static final String PARENT_SEQ = "EE-Parent-Seq";
    static final String TIME = "EE-Time";

    private WireHeaders() {}

    /** Headers for a local message, with its parent as the remote identity {@code parent} (or none). */
    static Headers of(String originId, MessagePayload message, @Nullable MessageOrigin parent) {
        Headers headers = new Headers();
        headers.put(ORIGIN, originId);
        headers.put(SEQ, Long.toString(message.seqId()));
        headers.put(TIME, Long.toString(message.timestampMillis()));
        if (parent != null) {
            headers.put(PARENT_ORIGIN, parent.engineId());
            headers.put(PARENT_SEQ, Long.toString(parent.seqId()));
        }
        return headers;
    }

    /** The JetStream message id: a retried publish of the same message has the same one, so the stream dedupes it. */
    static String messageId(String originId, long seqId) {
        return originId + ":" + seqId;
    }

    /**
     * The origin of a received message, or null when it has no bridge headers (a plain NATS publisher): such a message
     * is imported as a root with a synthetic origin by the caller.
     *
     * @throws IllegalArgumentException when the headers are there but malformed
     */
    static @Nullable MessageOrigin originOf(@Nullable Headers headers) {
        if (headers == null) {
            return null;
        }
        String origin = headers.getFirst(ORIGIN);
        String seq = headers.getFirst(SEQ);
        if (origin == null || seq == null) {
            return null;
        }
        String parentOrigin = headers.getFirst(PARENT_ORIGIN);
        String parentSeq = headers.getFirst(PARENT_SEQ);
        try {
            return parentOrigin == null || parentSeq == null
                    ? new MessageOrigin(origin, Long.parseLong(seq))
                    : new MessageOrigin(origin, Long.parseLong(seq), parentOrigin, Long.parseLong(parentSeq));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Malformed " + SEQ + "/" + PARENT_SEQ + " header: " + e.getMessage(), e);
        }
    }
}
