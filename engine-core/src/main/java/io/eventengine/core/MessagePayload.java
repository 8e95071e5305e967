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

    /**
     * How the positional arguments are held, so that the common puts of up to two arguments allocate the payload alone:
     * no argument: {@code a0 == a1 == NONE}; one: {@code a0}, {@code a1 == NONE}; two: {@code a0}, {@code a1}; more:
     * {@code a0} is the payload's own array and {@code a1 == MANY}. The markers never leave this class.
     */
    private static final Object NONE = new Object();

    private static final Object MANY = new Object();

    private final Topic topic;
    private final Map<String, @Nullable Object> kwargs;
    private final @Nullable Object a0;
    private final @Nullable Object a1;
    /** Given by the engine when it takes the message off its queue, before any handler sees it. */
    private long seqId;
    /** Stamped with {@link #seqId} by the engine (see {@link #timestampMillis()}); at creation outside an engine. */
    private long timestampMillis;

    /**
     * The parent's seq id plus one in the low bits (so {@link #NO_SEQ} is 0), and {@link #RETAINED} on top: one field
     * for both keeps the payload at 56 bytes. Set when the publish is made; the dispatcher may add the flag for a topic
     * the builder retains, before any handler sees the message.
     */
    private long parentAndFlags;

    /**
     * The cached {@link #args()} view, or the {@link MessageOrigin} of an imported message (whose view is then made on
     * each call), or {@link Extras} when monitoring tools captured contexts: one field for all keeps the payload at 56
     * bytes, and only imported or captured messages pay the extra view.
     */
    private @Nullable Object extra;

    private static final long RETAINED = 1L << 62;
    private static final long PARENT_BITS = RETAINED - 1;

    private MessagePayload(
            Topic topic,
            @Nullable Object a0,
            @Nullable Object a1,
            Map<String, @Nullable Object> kwargs,
            long seqId,
            long timestampMillis,
            long parentSeqId) {
        this.topic = topic;
        this.a0 = a0;
        this.a1 = a1;
        this.kwargs = kwargs;
        this.seqId = seqId;
        this.timestampMillis = timestampMillis;
        this.parentAndFlags = parentSeqId + 1;
    }

    /**
     * For the engine and its tests: {@code args} is owned by the payload from now on (never copied again, never exposed
     * mutable); {@code kwargs} must already be an unmodifiable copy.
     */
    MessagePayload(
            Topic topic,
            @Nullable Object[] args,
            Map<String, @Nullable Object> kwargs,
            long seqId,
            long timestampMillis,
            long parentSeqId) {
        this(topic, first(args), second(args), kwargs, seqId, timestampMillis, parentSeqId);
    }

    private static @Nullable Object first(@Nullable Object[] args) {
        return switch (args.length) {
            case 0 -> NONE;
            case 1, 2 -> args[0];
            default -> args;
        };
    }

    private static @Nullable Object second(@Nullable Object[] args) {
        return switch (args.length) {
            case 0, 1 -> NONE;
            case 2 -> args[1];
            default -> MANY;
        };
    }

    /**
     * A payload outside any engine (for calling a hook by hand, or in tests): copies {@code args} and {@code
     * kwargs}, stamps the current time, and has no sequence numbers.
     */
    public static MessagePayload of(Topic topic, List<?> args, Map<String, ?> kwargs) {
        return forPublish(topic, args, copyKwargs(kwargs), NO_SEQ).stamped(System.currentTimeMillis());
    }

    /** Same as {@link #of(Topic, List, Map)} with positional arguments only. */
    public static MessagePayload of(Topic topic, @Nullable Object... args) {
        return forPublish(topic, args, Map.of(), NO_SEQ).stamped(System.currentTimeMillis());
    }

    /**
     * A new message of a varargs publish: reads the caller's array, copying it only for three arguments or more, so
     * that a JIT-inlined put of up to two arguments lets the array go (escape analysis) and allocates the payload only.
     * A {@code null} array is a single {@code null} argument (see EventPublisher). Not yet numbered nor stamped.
     */
    static MessagePayload forPublish(
            Topic topic, @Nullable Object @Nullable [] args, Map<String, @Nullable Object> kwargs, long parentSeqId) {
        // One allocation site, not one per case: each inlined `new` is machine code, and a put whose compiled code
        // grows past C2's InlineSmallCode (2,500 bytes) is no longer inlined into its caller, whose varargs array
        // then escapes: SameThreadPutDispatch with -prof gc measured 80 bytes per put instead of the payload's 56.
        @Nullable Object first;
        @Nullable Object second;
        if (args == null) {
            first = null;
            second = NONE;
        } else {
            switch (args.length) {
                case 0 -> {
                    first = NONE;
                    second = NONE;
                }
                case 1 -> {
                    first = args[0];
                    second = NONE;
                }
                case 2 -> {
                    first = args[0];
                    second = args[1];
                }
                default -> {
                    first = args.clone();
                    second = MANY;
                }
            }
        }
        return new MessagePayload(topic, first, second, kwargs, NO_SEQ, 0, parentSeqId);
    }

    /** As {@link #forPublish(Topic, Object[], Map, long)} for arguments given as a list (copied). */
    static MessagePayload forPublish(
            Topic topic, List<?> args, Map<String, @Nullable Object> kwargs, long parentSeqId) {
        int size = args.size();
        @Nullable Object first = size == 0 ? NONE : size > 2 ? args.toArray() : args.get(0); // one allocation site
        @Nullable Object second = size < 2 ? NONE : size == 2 ? args.get(1) : MANY;
        return new MessagePayload(topic, first, second, kwargs, NO_SEQ, 0, parentSeqId);
    }

    private MessagePayload stamped(long millis) {
        this.timestampMillis = millis;
        return this;
    }

    static Map<String, @Nullable Object> copyKwargs(Map<String, ?> kwargs) {
        return kwargs.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }

    /** The number of positional arguments. */
    public int argCount() {
        Object second = a1;
        if (second == NONE) {
            return a0 == NONE ? 0 : 1;
        }
        return second == MANY ? ((Object[]) a0).length : 2;
    }

    /**
     * The message's value as a {@code type}: its only positional argument when there is exactly one and it is an
     * instance of {@code type}, else null (no argument, several, a null one, or one of another type); keyword
     * arguments do not matter.
     */
    public <T> @Nullable T valueAs(Class<T> type) {
        return a1 == NONE && a0 != NONE && type.isInstance(a0) ? type.cast(a0) : null;
    }

    /** The exact topic the message was published on. */
    public Topic topic() {
        return topic;
    }

    /** Positional arguments, unmodifiable. */
    @SuppressWarnings("unchecked")
    public List<@Nullable Object> args() {
        Object cached = extra;
        if (cached instanceof ArgList) {
            return (List<@Nullable Object>) cached;
        }
        List<@Nullable Object> list = new ArgList(argArray());
        if (cached == null) {
            extra = list; // benign race: an immutable view, any copy is as good
        }
        return list;
    }

    /**
     * Where an imported message came from: the engine and seq id it had there, and its parent there. Null for a
     * message published in this engine. A bridge (such as engine-nats) sets it when it publishes a message it received,
     * and never sends such a message out again.
     */
    public @Nullable MessageOrigin origin() {
        Object e = extra;
        return e instanceof MessageOrigin origin ? origin : e instanceof Extras extras ? extras.origin : null;
    }

    /**
     * Keeps {@code context} for monitoring tool {@code id} (see {@code EngineMonitoring.captured}); by the producer,
     * before the message is queued (the queue's ordered write publishes it to the dispatcher).
     */
    void capture(int id, Object context) {
        Object e = extra;
        Extras extras;
        if (e instanceof Extras existing) {
            extras = existing;
        } else {
            extras = new Extras(e instanceof MessageOrigin origin ? origin : null);
            extra = extras;
        }
        extras.captured[id] = context;
    }

    /** What monitoring tool {@code id} captured for this message, or null. */
    @Nullable
    Object captured(int id) {
        return extra instanceof Extras extras ? extras.captured[id] : null;
    }

    /**
     * The origin of an imported message and what monitoring tools captured at its publish: only messages with captured
     * contexts pay for it (see {@link #extra}).
     */
    private static final class Extras {
        final @Nullable MessageOrigin origin;
        final @Nullable Object[] captured = new Object[8];

        Extras(@Nullable MessageOrigin origin) {
            this.origin = origin;
        }
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

    /**
     * Milliseconds since the epoch, on the engine's clock, when the engine took the message off its queue to dispatch
     * it (or a {@code take}/{@code poll} took it): the dispatcher reads its clock once per 16 messages of a batch rather
     * than every producer once per put, so this is exact to the millisecond unless handlers take longer than about 60
     * µs each, and never earlier than the parent message's. 0 until then; for a payload made with {@code of(...)}, its
     * creation time.
     */
    public long timestampMillis() {
        return timestampMillis;
    }

    /** {@link #timestampMillis()} as an instant. */
    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }

    /** The {@link #seqId()} of the message whose handler published this one, or {@link #NO_SEQ}. */
    public long parentSeqId() {
        return (parentAndFlags & PARENT_BITS) - 1;
    }

    /** True when a handler published this message while handling another. */
    public boolean hasParent() {
        return (parentAndFlags & PARENT_BITS) != 0;
    }

    /**
     * Whether the message was published retained ({@link PublishOptions#retained()}, or on a topic the builder retains,
     * see {@link EventEngineBuilder#retain}): the engine keeps the last such message per topic and hands it to every
     * later subscriber whose pattern matches, before live messages. A replayed message is the original: same seq id,
     * timestamp and parent.
     */
    public boolean isRetained() {
        return (parentAndFlags & RETAINED) != 0;
    }

    /**
     * Whether the message has neither positional nor keyword arguments: published retained, it clears its topic's
     * retained message (MQTT's rule) and is delivered live like any other.
     */
    public boolean isEmpty() {
        return argCount() == 0 && kwargs.isEmpty();
    }

    /** Marks a message as imported, before it is queued (see {@link #origin()}). */
    MessagePayload importedFrom(MessageOrigin origin) {
        extra = origin;
        return this;
    }

    /** Flags a message to be retained; by the publishing call, or the dispatcher before any handler sees it. */
    MessagePayload markRetained() {
        parentAndFlags |= RETAINED;
        return this;
    }

    /** The keyword argument {@code key}, or null when absent; Kotlin reads this as {@code msg["symbol"]}. */
    public @Nullable Object get(String key) {
        return kwargs.get(key);
    }

    /** Numbers and stamps a message the engine took off its queue; its handlers then read both. */
    void assignSeqId(long seqId, long timestampMillis) {
        this.seqId = seqId;
        this.timestampMillis = timestampMillis;
    }

    /** Marks a message that close gave up on (see {@link #ABANDONED}). */
    void abandon() {
        this.seqId = ABANDONED;
    }

    /** The positional argument at {@code index}; Kotlin reads this as {@code msg[0]}. */
    public @Nullable Object get(int index) {
        int count = argCount();
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("Message on '" + topic + "' has " + count + " positional args; index "
                    + index + " is out of range");
        }
        if (a1 == MANY) {
            return ((Object[]) a0)[index];
        }
        return index == 0 ? a0 : a1;
    }

    /** The positional arguments in a new array (the payload's own for three or more: never handed out mutable). */
    private @Nullable Object[] argArray() {
        return switch (argCount()) {
            case 0 -> new Object[0];
            case 1 -> new @Nullable Object[] {a0};
            case 2 -> new @Nullable Object[] {a0, a1};
            default -> (Object[]) a0;
        };
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
        if (hasParent()) {
            sb.append(", parentSeqId=").append(parentSeqId());
        }
        if (isRetained()) {
            sb.append(", retained");
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
