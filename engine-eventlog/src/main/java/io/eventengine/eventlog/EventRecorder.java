package io.eventengine.eventlog;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessageOrigin;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Registration;
import io.eventengine.core.Topic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Records the messages that flow through an {@link EventEngine} into an {@link EventLog} as events, with the causal
 * links the engine tracks: a message published by a handler while it handled another is recorded with the id of the
 * other's event as its parent.
 *
 * <pre>{@code
 * EventLog log = EventLog.open(Path.of("session.jsonl"));
 * try (EventRecorder recorder = EventRecorder.builder(engine, log)
 *         .pattern("Game.**")                               // default: "**", everything
 *         .tickSource(TickSource.timer(Duration.ofSeconds(1)))
 *         .start()) {
 *     engine.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>Each matching message becomes an event at the log's current tick with type = the topic literal, timestamp = the
 * message's publish time, and data = its kwargs (positional args, when there are any, under {@code "args"}, or
 * {@code "_args"} when a kwarg is named {@code args}; values with no JSON form are recorded as their {@code
 * toString()}). The parent link is found from {@link MessagePayload#parentSeqId()} when the parent message was
 * recorded too; a message whose parent was not recorded (filtered out by the pattern) is recorded as a root. An
 * imported message (one with a {@link MessagePayload#origin()}, brought by a bridge such as engine-nats) whose remote
 * parent was imported and recorded too is linked to it, so a cascade across processes, or replayed from a stream, keeps
 * its links.
 * Recording runs on the engine's dispatcher thread, as a handler registered on the pattern; an event that cannot be
 * appended (a durable log's disk is full) is reported by the engine as a failure of that handler and not recorded.
 */
public final class EventRecorder implements AutoCloseable {
    private final EventLog log;
    private final Registration registration;
    private final Runnable stopTicks;
    private final AtomicLong recorded = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    // seq id -> event id of the last recorded messages. A child is dispatched at most `capacity` messages after its
    // parent (it was queued while the parent was handled), so a ring of at least that many never loses a parent still
    // to be looked up (for queues up to 2^20; beyond, a very late child may be recorded as a root). Dispatcher only.
    private final long[] seqs;
    private final String[] eventIds;
    private final int mask;
    // "engineId:seqId" -> event id of the imported messages recorded lately (MessagePayload.origin()), so that an
    // imported message whose remote parent was imported too (a cascade across processes, or a stream replay) links
    // to it. Bounded like the ring; dispatcher only.
    private final Map<String, String> importedIds;

    private EventRecorder(EventEngine engine, EventLog log, Topic pattern, TickSource ticks) {
        this.log = log;
        int size = Integer.highestOneBit(Math.min(1 << 20, Math.max(1024, engine.capacity()))) << 1;
        this.seqs = new long[size];
        java.util.Arrays.fill(seqs, MessagePayload.NO_SEQ);
        this.eventIds = new String[size];
        this.mask = size - 1;
        this.importedIds = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > size;
            }
        };
        this.stopTicks = Objects.requireNonNull(ticks.attach(engine, log::advanceTick), "tick source stopper");
        this.registration = engine.register(pattern, this::record);
    }

    /** Records every message ({@code **}) with manually advanced ticks, from now on. */
    public static EventRecorder record(EventEngine engine, EventLog log) {
        return builder(engine, log).start();
    }

    /** Records the messages matching {@code pattern} (core topic grammar) with manually advanced ticks. */
    public static EventRecorder record(EventEngine engine, EventLog log, String pattern) {
        return builder(engine, log).pattern(pattern).start();
    }

    /** A builder: pattern {@code **}, ticks {@link TickSource#manual()}. */
    public static Builder builder(EventEngine engine, EventLog log) {
        return new Builder(engine, log);
    }

    /** Configures and starts a recorder. */
    public static final class Builder {
        private final EventEngine engine;
        private final EventLog log;
        private Topic pattern = Topic.of("**");
        private TickSource ticks = TickSource.manual();

        private Builder(EventEngine engine, EventLog log) {
            this.engine = Objects.requireNonNull(engine, "engine");
            this.log = Objects.requireNonNull(log, "log");
        }

        /**
         * Records only messages on topics matching {@code pattern} (exact or any core pattern: {@code Game.**},
         * {@code Market.Data.{symbol}}).
         */
        public Builder pattern(String pattern) {
            this.pattern = Topic.of(pattern);
            return this;
        }

        /** What advances the log's tick; default {@link TickSource#manual()}. */
        public Builder tickSource(TickSource ticks) {
            this.ticks = Objects.requireNonNull(ticks, "ticks");
            return this;
        }

        /** Registers the recorder (and the tick source) on the engine; recording starts with the next message. */
        public EventRecorder start() {
            return new EventRecorder(engine, log, pattern, ticks);
        }
    }

    private void record(MessagePayload message) {
        String parentId = null;
        long parentSeq = message.parentSeqId();
        if (parentSeq != MessagePayload.NO_SEQ) {
            int slot = (int) (parentSeq & mask);
            if (seqs[slot] == parentSeq) {
                parentId = eventIds[slot];
            }
        }
        MessageOrigin origin = message.origin();
        if (parentId == null && origin != null && origin.hasParent()) {
            parentId = importedIds.get(origin.parentEngineId() + ":" + origin.parentSeqId());
        }
        Event event =
                log.append(message.topic().value(), dataOf(message), parentId, message.timestampMillis() / 1000.0);
        long seq = message.seqId();
        if (seq != MessagePayload.NO_SEQ) {
            int slot = (int) (seq & mask);
            seqs[slot] = seq;
            eventIds[slot] = event.id();
        }
        if (origin != null) {
            importedIds.put(origin.engineId() + ":" + origin.seqId(), event.id());
        }
        recorded.incrementAndGet();
    }

    private static Map<String, @Nullable Object> dataOf(MessagePayload message) {
        Map<String, @Nullable Object> kwargs = message.kwargs();
        List<@Nullable Object> args = message.args();
        Map<String, @Nullable Object> data = new LinkedHashMap<>(kwargs);
        if (!args.isEmpty()) {
            data.put(kwargs.containsKey("args") ? "_args" : "args", args);
        }
        try {
            return JsonValues.normalizeData(data);
        } catch (IllegalArgumentException e) {
            Map<String, @Nullable Object> lenient = new LinkedHashMap<>();
            for (Map.Entry<String, @Nullable Object> entry : data.entrySet()) {
                Object value = entry.getValue();
                try {
                    lenient.put(entry.getKey(), JsonValues.normalize(value, "data", 1));
                } catch (IllegalArgumentException noJsonForm) {
                    lenient.put(entry.getKey(), String.valueOf(value));
                }
            }
            return JsonValues.normalizeData(lenient);
        }
    }

    /** The log events are recorded into. */
    public EventLog log() {
        return log;
    }

    /** How many messages were recorded. */
    public long recorded() {
        return recorded.get();
    }

    /** Moves the log to the next tick (for {@link TickSource#manual()}). */
    public void advanceTick() {
        log.advanceTick();
    }

    /** Stops recording and the tick source; the log stays open. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        registration.close();
        stopTicks.run();
    }
}
