package io.eventengine.eventlog;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One immutable event: something of a {@code type} that happened at a {@code tick}, with JSON-able {@code data} and
 * the id of the event that caused it (Eventure's {@code Event}).
 *
 * <p>Ids have Eventure's form {@code {tick}-{typeHash}-{sequence}} (see {@link #typeHash}); an {@link EventLog} makes
 * them, unique within the log. {@code data} is an unmodifiable deep copy in the JSON value model ({@code String},
 * {@code Boolean}, {@code null}, {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double}, lists, maps with
 * string keys, all unmodifiable and insertion-ordered): {@code java.time} values become ISO-8601 strings and records
 * or beans become maps (through Jackson), so an event equals itself after a save and load.
 *
 * @param id unique within its log, e.g. {@code 3-FADA-1}
 * @param tick the log's tick when the event happened (0 or more)
 * @param timestamp seconds since the epoch (UTC), with a fraction, as Eventure's float timestamps
 * @param type the event type, such as {@code player.move}; any string
 * @param data the event's data: unmodifiable JSON values
 * @param parentId the id of the event that caused this one, or null for a root
 */
public record Event(
        String id,
        long tick,
        double timestamp,
        String type,
        Map<String, @Nullable Object> data,
        @Nullable String parentId) {

    /**
     * Checks and copies the fields.
     *
     * @throws IllegalArgumentException when the id is empty, the tick negative, the timestamp not finite, or a data
     *     value has no JSON form (the message names its key)
     */
    public Event(
            String id,
            long tick,
            double timestamp,
            String type,
            Map<String, @Nullable Object> data,
            @Nullable String parentId) {
        // written out (not compact) so that the nullable map values reach the bytecode Kotlin reads
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("An event id must not be empty");
        }
        if (tick < 0) {
            throw new IllegalArgumentException("Event '" + id + "' has tick " + tick + "; ticks start at 0");
        }
        if (!Double.isFinite(timestamp)) {
            throw new IllegalArgumentException(
                    "Event '" + id + "' has timestamp " + timestamp + "; use seconds since the epoch");
        }
        this.id = id;
        this.tick = tick;
        this.timestamp = timestamp;
        this.type = type;
        this.data = JsonValues.normalizeData(data);
        this.parentId = parentId == null || parentId.isEmpty() ? null : parentId; // Eventure: "" is no parent
    }

    /** The event's data: unmodifiable JSON values, in insertion order. */
    @Override
    public Map<String, @Nullable Object> data() {
        return data;
    }

    /** Eventure's type hash: the first four letters of the MD5 hex digest of {@code type} (UTF-8), upper-cased. */
    public static String typeHash(String type) {
        return EventIds.typeHash(type);
    }

    /** The timestamp as an instant (to the microsecond: a double holds no more for current dates). */
    public Instant instant() {
        long seconds = (long) Math.floor(timestamp);
        long micros = Math.round((timestamp - seconds) * 1_000_000d);
        return Instant.ofEpochSecond(seconds, micros * 1_000L);
    }

    /** True when {@link #parentId()} is set. */
    public boolean hasParent() {
        return parentId != null;
    }

    /** The data value of {@code key}, or null; Kotlin reads this as {@code event["key"]}. */
    public @Nullable Object get(String key) {
        return data.get(key);
    }

    /** One JSON Lines record with Eventure's keys ({@code tick, timestamp, type, data, event_id, parent_id}). */
    public String toJson() {
        return EventCodec.toJson(this);
    }

    /**
     * Reads one record written by {@link #toJson()} or by Eventure's {@code Event.to_json}.
     *
     * @throws IllegalArgumentException naming what is wrong, when the text is not such a record with an {@code
     *     event_id} (only {@link EventLog} loading can give ids to records without one)
     */
    public static Event fromJson(String json) {
        return EventCodec.parseStandalone(json);
    }
}
