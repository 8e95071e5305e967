package io.eventengine.core;

import java.time.Instant;
import java.util.AbstractList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * One message: an exact topic, positional {@link #args()}, named {@link #kwargs()}, the engine's sequence number and
 * publish time, and the sequence number of the message whose handler published it.
 *
 * <p><b>What is immutable.</b> The topic, the {@link #args()} list and the {@link #kwargs()} map never change: the
 * engine copies the caller's arguments when the publish is made (a varargs array too, and the map's entries, in order)
 * and exposes only unmodifiable views, so a caller that changes its array, list or map afterwards changes no message.
 * The objects inside are the caller's own: the engine does not copy them, so publish immutable values (records, strings,
 * numbers) or do not change them afterwards. Arguments and keyword values may be null (Python's {@code None}).
 *
 * <p><b>When the seq id is fixed.</b> {@link #seqId()} is {@link #NO_SEQ} until the engine takes the message off its
 * queue, which numbers it (0, 1, 2... per engine, in dispatch order) before any handler sees it, and never changes it
 * again; a handler, and any thread the handler hands the message to, reads the final number. The timestamp and {@link
 * #parentSeqId()} are fixed when the publish is made. A payload made with {@code of(...)} is never numbered.
 *
 * <p><b>Typed messages.</b> A message whose only positional argument is one object (a record, a data class) is a typed
 * message; {@link #valueAs(Class)} returns that object, and {@link EventEngine#register(Topic, Class, TypedHandler)}
 * subscribes by its type.
 */
public final class MessagePayload {
    /** The {@link #seqId()} of a payload that no engine has accepted, and the {@link #parentSeqId()} of a root. */
    public static final long NO_SEQ = -1L;

    /**
     * The seq id of a message that was accepted but never dispatched because {@code close()} gave up on it (counted in
     * {@link EngineStats#abandoned()}); only the engine ever sees such a message.
     */
    static final long ABANDONED = -2L;

    private static final Object[] NO_ARGS = new Object[0];

    private final Topic topic;
    private final @Nullable Object[] args;
    private final Map<String, @Nullable Object> kwargs;
    /** Given by the engine when it takes the message off its queue, before any handler sees it. */
    private long seqId;

    private final long timestampMillis;
    private final long parentSeqId;
    private @Nullable List<@Nullable Object> argList;

    /**
     * For the engine: {@code args} is owned by the payload from now on (never copied again, never exposed mutable);
     * {@code kwargs} must already be an unmodifiable copy.
     */
    MessagePayload(
            Topic topic,
            @Nullable Object[] args,
            Map<String, @Nullable Object> kwargs,
            long seqId,
            long timestampMillis,
            long parentSeqId) {
        this.topic = topic;
        this.args = args;
        this.kwargs = kwargs;
        this.seqId = seqId;
        this.timestampMillis = timestampMillis;
        this.parentSeqId = parentSeqId;
    }

    /**
     * A payload outside any engine (for calling a hook by hand, or in tests): copies {@code args} and {@code
     * kwargs}, stamps the current time, and has no sequence numbers.
     */
    public static MessagePayload of(Topic topic, List<?> args, Map<String, ?> kwargs) {
        return new MessagePayload(
                topic, copyArgs(args), copyKwargs(kwargs), NO_SEQ, System.currentTimeMillis(), NO_SEQ);
    }

    /** Same as {@link #of(Topic, List, Map)} with positional arguments only. */
    public static MessagePayload of(Topic topic, @Nullable Object... args) {
        return new MessagePayload(topic, args.clone(), Map.of(), NO_SEQ, System.currentTimeMillis(), NO_SEQ);
    }

    /** A varargs array copied; a {@code null} array is a single {@code null} argument (see EventPublisher). */
    static @Nullable Object[] copyVarargs(@Nullable Object @Nullable [] args) {
        if (args == null) {
            return new @Nullable Object[] {null};
        }
        return args.length == 0 ? NO_ARGS : args.clone();
    }

    static @Nullable Object[] copyArgs(List<?> args) {
        return args.isEmpty() ? NO_ARGS : args.toArray();
    }

    static Map<String, @Nullable Object> copyKwargs(Map<String, ?> kwargs) {
        return kwargs.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }

    /**
     * The message's value as a {@code type}: its only positional argument when there is exactly one and it is an
     * instance of {@code type}, else null (no argument, several, a null one, or one of another type); keyword
     * arguments do not matter.
     */
    public <T> @Nullable T valueAs(Class<T> type) {
        return args.length == 1 && type.isInstance(args[0]) ? type.cast(args[0]) : null;
    }

    /** The exact topic the message was published on. */
    public Topic topic() {
        return topic;
    }

    /** Positional arguments, unmodifiable. */
    public List<@Nullable Object> args() {
        List<@Nullable Object> list = argList;
        if (list == null) {
            list = new ArgList(args); // benign race: an immutable view, any copy is as good
            argList = list;
        }
        return list;
    }

    /** Named arguments in insertion order, unmodifiable. */
    public Map<String, @Nullable Object> kwargs() {
        return kwargs;
    }

    /**
     * Per-engine sequence number, from 0 and without gaps, in queue order: the engine numbers a message when it takes
     * it off its queue (so only accepted messages are numbered), before any handler sees it. {@link #NO_SEQ} for a
     * message not yet taken, and outside an engine.
     */
    public long seqId() {
        return seqId;
    }

    /** Milliseconds since the epoch when the message was accepted. */
    public long timestampMillis() {
        return timestampMillis;
    }

    /** When the message was accepted. */
    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }

    /** The {@link #seqId()} of the message whose handler published this one, or {@link #NO_SEQ}. */
    public long parentSeqId() {
        return parentSeqId;
    }

    /** True when a handler published this message while handling another. */
    public boolean hasParent() {
        return parentSeqId != NO_SEQ;
    }

    /** The keyword argument {@code key}, or null when absent; Kotlin reads this as {@code msg["symbol"]}. */
    public @Nullable Object get(String key) {
        return kwargs.get(key);
    }

    void assignSeqId(long seqId) {
        this.seqId = seqId;
    }

    /** The positional argument at {@code index}; Kotlin reads this as {@code msg[0]}. */
    public @Nullable Object get(int index) {
        if (index < 0 || index >= args.length) {
            throw new IndexOutOfBoundsException("Message on '" + topic + "' has " + args.length
                    + " positional args; index " + index + " is out of range");
        }
        return args[index];
    }

    /** True when {@code key} is a keyword argument; Kotlin reads this as {@code "symbol" in msg}. */
    public boolean contains(String key) {
        return kwargs.containsKey(key);
    }

    /**
     * The keyword argument {@code key} as a {@code type}.
     *
     * @throws NoSuchElementException when it is absent or null, naming the keys present
     * @throws ClassCastException when it has another type, naming both types
     */
    public <T> T get(String key, Class<T> type) {
        Object value = kwargs.get(key);
        if (value == null) {
            throw new NoSuchElementException(
                    "Message on '" + topic + "' has no value for '" + key + "'; keys: " + kwargs.keySet());
        }
        return cast(value, type, "'" + key + "'");
    }

    /**
     * The positional argument at {@code index} as a {@code type}.
     *
     * @throws NoSuchElementException when it is null
     * @throws ClassCastException when it has another type, naming both types
     */
    public <T> T get(int index, Class<T> type) {
        Object value = get(index);
        if (value == null) {
            throw new NoSuchElementException("Message on '" + topic + "' has null at positional arg " + index);
        }
        return cast(value, type, "positional arg " + index);
    }

    /** The keyword argument {@code key} as a string ({@code toString()} of any value). */
    public String getString(String key) {
        return get(key, Object.class).toString();
    }

    /** The keyword argument {@code key} as a long; any {@link Number} converts. */
    public long getLong(String key) {
        return get(key, Number.class).longValue();
    }

    /** The keyword argument {@code key} as an int; any {@link Number} converts. */
    public int getInt(String key) {
        return get(key, Number.class).intValue();
    }

    /** The keyword argument {@code key} as a double; any {@link Number} converts. */
    public double getDouble(String key) {
        return get(key, Number.class).doubleValue();
    }

    /** The keyword argument {@code key} as a boolean. */
    public boolean getBoolean(String key) {
        return get(key, Boolean.class);
    }

    private <T> T cast(Object value, Class<T> type, String what) {
        Class<?> boxed = box(type);
        if (!boxed.isInstance(value)) {
            throw new ClassCastException("Message on '" + topic + "': " + what + " is a "
                    + value.getClass().getName() + ", not a " + type.getName());
        }
        @SuppressWarnings("unchecked")
        T t = (T) value;
        return t;
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) return Integer.class;
        if (type == long.class) return Long.class;
        if (type == double.class) return Double.class;
        if (type == boolean.class) return Boolean.class;
        if (type == float.class) return Float.class;
        if (type == short.class) return Short.class;
        if (type == byte.class) return Byte.class;
        if (type == char.class) return Character.class;
        return Void.class;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MessagePayload[topic=").append(topic);
        if (seqId != NO_SEQ) {
            sb.append(", seqId=").append(seqId);
        }
        if (parentSeqId != NO_SEQ) {
            sb.append(", parentSeqId=").append(parentSeqId);
        }
        return sb.append(", args=")
                .append(args())
                .append(", kwargs=")
                .append(kwargs)
                .append(']')
                .toString();
    }

    /** An unmodifiable list over the payload's own array. */
    private static final class ArgList extends AbstractList<@Nullable Object> implements RandomAccess {
        private final @Nullable Object[] array;

        ArgList(@Nullable Object[] array) {
            this.array = array;
        }

        @Override
        public @Nullable Object get(int index) {
            return array[index];
        }

        @Override
        public int size() {
            return array.length;
        }
    }
}
