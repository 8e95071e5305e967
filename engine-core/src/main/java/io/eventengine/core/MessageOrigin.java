package io.eventengine.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The identity an imported message had where it was published (see {@link MessagePayload#origin()}): the id of the
 * engine there, its seq id there, and the same pair for its parent when it had one. A bridge carries these across
 * processes so that a cascade of messages can be followed from engine to engine.
 *
 * @param engineId the id of the engine that published the message, not empty
 * @param seqId the message's seq id in that engine, at least 0
 * @param parentEngineId the id of the engine that published the message's parent, or null for a root
 * @param parentSeqId the parent's seq id in that engine, or {@link MessagePayload#NO_SEQ} for a root
 */
public record MessageOrigin(
        String engineId, long seqId, @Nullable String parentEngineId, long parentSeqId) {
    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException for an empty engine id, a negative seq id, or a parent given by only one half
     */
    public MessageOrigin {
        Objects.requireNonNull(engineId, "engineId");
        if (engineId.isEmpty()) {
            throw new IllegalArgumentException("A message origin needs a non-empty engine id");
        }
        if (seqId < 0) {
            throw new IllegalArgumentException(
                    "A message origin needs the seq id it had at '" + engineId + "' (at least 0), got " + seqId);
        }
        if ((parentEngineId == null) != (parentSeqId == MessagePayload.NO_SEQ) || parentSeqId < MessagePayload.NO_SEQ) {
            throw new IllegalArgumentException("A message origin's parent is an engine id and a seq id (at least 0),"
                    + " or neither; got '" + parentEngineId + "' and " + parentSeqId);
        }
    }

    /** A root message: one without a parent. */
    public MessageOrigin(String engineId, long seqId) {
        this(engineId, seqId, null, MessagePayload.NO_SEQ);
    }

    /** Whether the message had a parent where it was published. */
    public boolean hasParent() {
        return parentEngineId != null;
    }
}
