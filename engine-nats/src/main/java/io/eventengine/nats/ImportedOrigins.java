package io.eventengine.nats;

import io.eventengine.core.MessageOrigin;
import io.eventengine.core.MessagePayload;
import org.jspecify.annotations.Nullable;

/**
 * The origins of the imported messages dispatched lately, by local seq id, so that a message a handler publishes while
 * handling an imported one is exported with the remote parent. Written and read on the dispatcher thread only. A
 * child is queued while its parent is handled, so it is dispatched fewer than the queue's capacity messages later: a
 * ring at least that large still holds its parent (EventRecorder keeps its parents the same way).
 */
final class ImportedOrigins {
    private final long[] seqs;
    private final MessageOrigin[] origins;
    private final int mask;

    ImportedOrigins(int capacity) {
        int size = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
        seqs = new long[size];
        java.util.Arrays.fill(seqs, MessagePayload.NO_SEQ);
        origins = new MessageOrigin[size];
        mask = size - 1;
    }

    void remember(MessagePayload message) {
        MessageOrigin origin = message.origin();
        long seq = message.seqId();
        if (origin != null && seq >= 0) {
            int slot = (int) (seq & mask);
            seqs[slot] = seq;
            origins[slot] = origin;
        }
    }

    /** The origin of the imported message with local seq id {@code seq}, or null (a local message, or forgotten). */
    @Nullable
    MessageOrigin originOf(long seq) {
        int slot = (int) (seq & mask);
        return seqs[slot] == seq ? origins[slot] : null;
    }
}
