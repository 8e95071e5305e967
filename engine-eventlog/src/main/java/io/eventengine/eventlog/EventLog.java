package io.eventengine.eventlog;

import io.eventengine.core.EventEngine;
import io.eventengine.core.Topic;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordered log of {@link Event events} with a current tick (Eventure's {@code EventLog}), in memory or appending
 * to a JSON Lines file.
 *
 * <pre>{@code
 * try (EventLog log = EventLog.open(Path.of("game.jsonl"))) {   // loads what is there, then appends
 *     Event move = log.add("player.move", Map.of("to", "hall"));
 *     log.advanceTick();
 *     log.add("room.enter", Map.of("room", "hall"), move);      // caused by the move
 * }
 * }</pre>
 *
 * <p>Ids are {@code {tick}-{typeHash}-{sequence}} as in Eventure, with sequences counted per log: they are unique in
 * the log, also after loading a file and adding more. A log opened on a file ({@link #open}) writes each added event
 * as one line before {@code add} returns (forced to the device with {@link EventLogOptions#fsync()}); a crash can
 * only tear the last line, which the next open reports and cuts off. Loading sets the current tick to the highest
 * tick loaded.
 *
 * <p>Thread-safe: adds and tick changes are serialized; {@link #events()} is a live view that any thread may read
 * without locking.
 */
public final class EventLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    private final EventLogOptions options;
    private final AppendOnlyList<Event> events = new AppendOnlyList<>();
    private final List<Event> eventsView = java.util.Collections.unmodifiableList(events);
    private final Map<String, Event> byId = new ConcurrentHashMap<>();
    private final EventIds ids;
    private final LoadReport loadReport;
    private final @Nullable LogFile file;
    private volatile long currentTick;
    private volatile boolean closed;

    /** An empty log in memory, at tick 0, stamping events with the system clock. */
    public EventLog() {
        this(EventLogOptions.defaults());
    }

    /** An empty log in memory, at tick 0. */
    public EventLog(EventLogOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.ids = new EventIds();
        this.loadReport = LoadReport.none();
        this.file = null;
    }

    private EventLog(EventLogOptions options, LogReader.Result contents, @Nullable LogFile file) {
        this.options = options;
        this.ids = contents.ids();
        this.loadReport = contents.report();
        this.file = file;
        for (Event e : contents.events()) {
            events.append(e);
            byId.put(e.id(), e);
        }
        this.currentTick = contents.maxTick();
        LoadReport report = contents.report();
        if (!report.isClean()) {
            LOG.warn(
                    "Loaded {} events from '{}' but left out {}{}",
                    report.eventsLoaded(),
                    report.source(),
                    report.skippedLines().isEmpty() ? "" : "corrupt " + report.skippedLines() + " ",
                    report.tornLine() == null ? "" : "the torn " + report.tornLine());
        }
    }

    // ---- loading and opening ----------------------------------------------------------------------------------

    /**
     * Loads a JSON Lines file (Eventure's {@code load_from_file}) into a log in memory, strictly.
     *
     * @throws CorruptLogException naming the line, for a corrupt line other than a torn last one
     * @throws IOException when the file cannot be read
     */
    public static EventLog load(Path path) throws IOException {
        return load(path, EventLogOptions.defaults());
    }

    /**
     * Loads a JSON Lines file into a log in memory. A torn last line is left out and reported in {@link
     * #loadReport()}; other corrupt lines fail the load, or are skipped and reported when {@code options} are lenient.
     *
     * @throws CorruptLogException in strict mode, naming the file, the line number and what is wrong
     * @throws IOException when the file cannot be read
     */
    public static EventLog load(Path path, EventLogOptions options) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return new EventLog(
                    options, LogReader.read(in, path.toString(), options.lenient(), options.limits()), null);
        }
    }

    /**
     * Reads JSON Lines from a stream (not closed) into a log in memory, as {@link #load(Path, EventLogOptions)}.
     *
     * @param source names the stream in errors and in the {@link #loadReport()}
     * @throws CorruptLogException in strict mode, naming the line
     * @throws IOException when the stream fails
     */
    public static EventLog read(InputStream in, String source, EventLogOptions options) throws IOException {
        return new EventLog(options, LogReader.read(in, source, options.lenient(), options.limits()), null);
    }

    /** Opens a durable log on {@code path} with the default options (strict, no fsync); see {@link #open(Path, EventLogOptions)}. */
    public static EventLog open(Path path) throws IOException {
        return open(path, EventLogOptions.defaults());
    }

    /**
     * Opens a durable log: loads {@code path} (creating it when missing), cuts a torn last line off the file (it is
     * reported in {@link #loadReport()}), and from then on appends every added event to the file as one line before
     * {@code add} returns. The file is locked until {@link #close()}, so no second writer can interleave lines.
     *
     * @throws CorruptLogException in strict mode, for a corrupt line other than the last
     * @throws IOException when the file cannot be read, written or locked (the message says which)
     */
    public static EventLog open(Path path, EventLogOptions options) throws IOException {
        LogFile.Opened opened = LogFile.open(path, options);
        return new EventLog(options, opened.contents(), opened.file());
    }

    /** What loading found besides events (corrupt lines skipped, a torn last line); clean for a new log. */
    public LoadReport loadReport() {
        return loadReport;
    }

    /** The file this log appends to, or null for a log in memory. */
    public @Nullable Path file() {
        LogFile f = file;
        return f == null ? null : f.path();
    }

    // ---- ticks and events -------------------------------------------------------------------------------------

    /** The current tick: new events get it. Starts at 0, or at the highest tick loaded. */
    public long currentTick() {
        return currentTick;
    }

    /**
     * Moves to the next tick (Eventure's {@code advance_tick}).
     *
     * @throws IllegalStateException at tick {@link Long#MAX_VALUE}, the last one; the tick is then unchanged
     */
    public synchronized void advanceTick() {
        long tick = currentTick;
        if (tick == Long.MAX_VALUE) {
            throw new IllegalStateException("Event log" + (file == null ? "" : " '" + file.path() + "'")
                    + " is at tick " + tick + " (Long.MAX_VALUE), the last one, and cannot advance; start a new log"
                    + " for later events");
        }
        currentTick = tick + 1;
    }

    /** Adds a root event of {@code type} with {@code data} at the current tick; see {@link #add(String, Map, Event)}. */
    public Event add(String type, Map<String, ?> data) {
        return add(type, data, null);
    }

    /**
     * Adds an event of {@code type} at the current tick, caused by {@code parent} (Eventure's {@code add_event}).
     * {@code data} is copied into JSON values (see {@link Event}). On a durable log the event is on file when this
     * returns.
     *
     * @throws IllegalArgumentException when a data value has no JSON form (the message names its key), or the event is
     *     over the log's {@link RecordLimits} (the message names the value, the limit and the size); the event is then
     *     neither written nor added, and the log stays usable
     * @throws UncheckedIOException when the event cannot be written to the file; it is then not added either
     * @throws IllegalStateException after {@link #close()} of a durable log
     */
    public Event add(String type, Map<String, ?> data, @Nullable Event parent) {
        return append(type, data, parent == null ? null : parent.id(), null);
    }

    /** For the recorder: an event with a parent id and a timestamp of its own. */
    synchronized Event append(String type, Map<String, ?> data, @Nullable String parentId, @Nullable Double timestamp) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (closed && file != null) {
            throw new IllegalStateException("Event log '" + file.path() + "' is closed; open it again to add events");
        }
        long tick = currentTick;
        String id = ids.next(tick, type, byId::containsKey);
        Map<String, @Nullable Object> values = JsonValues.normalizeData(data);
        RecordLimits limits = options.limits();
        long bound = RecordCheck.check(type, id, parentId, values, limits);
        Event event = new Event(id, tick, timestamp == null ? now() : timestamp, type, values, parentId);
        if (file != null || bound > limits.maxLineBytes()) {
            // the real line: needed for the file, and to measure a record the bound cannot vouch for
            byte[] line = line(event);
            int length = line.length - 1; // without the line feed
            if (length > limits.maxLineBytes()) {
                throw new IllegalArgumentException(limits.refusal(
                        "The record of event type '" + abbreviate(type) + "' has",
                        "maxLineBytes",
                        length,
                        limits.maxLineBytes(),
                        "bytes"));
            }
            if (file != null) {
                file.append(line, id);
            }
        }
        ids.commit(id);
        byId.put(id, event);
        events.append(event);
        return event;
    }

    private static String abbreviate(String type) {
        return type.length() <= 80 ? type : type.substring(0, 80) + "...";
    }

    private double now() {
        Instant now = options.clock().instant();
        return now.getEpochSecond() + (now.getNano() / 1_000) / 1e6; // microseconds, as Python's datetime
    }

    private static byte[] line(Event event) {
        StringWriter out = new StringWriter(160);
        try {
            EventCodec.write(event, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8); // ASCII: non-ASCII is escaped
    }

    /** Every event in the order added: an unmodifiable live view, safe to read from any thread. */
    public List<Event> events() {
        return eventsView;
    }

    /** The number of events. */
    public int size() {
        return events.size();
    }

    /** The event with {@code id}, or null (Eventure's {@code get_event_by_id}); Kotlin reads {@code log[id]}. */
    public @Nullable Event get(String id) {
        return byId.get(id);
    }

    /** The events of {@code tick}, in log order (Eventure's {@code get_events_at_tick}). */
    public List<Event> eventsAtTick(long tick) {
        List<Event> at = new ArrayList<>();
        for (Event e : snapshot()) {
            if (e.tick() == tick) {
                at.add(e);
            }
        }
        return List.copyOf(at);
    }

    /** The events up to and including {@code tick}, in log order: the history a state at that tick derives from. */
    public List<Event> eventsUntil(long tick) {
        List<Event> until = new ArrayList<>();
        for (Event e : snapshot()) {
            if (e.tick() <= tick) {
                until.add(e);
            }
        }
        return List.copyOf(until);
    }

    /** The events now in the log (a fixed-size view: later adds are not in it). */
    private List<Event> snapshot() {
        return events.subList(0, events.size());
    }

    /** A query over this log (Eventure's {@code create_query}). */
    public EventQuery query() {
        return new EventQuery(this);
    }

    // ---- replay and state -------------------------------------------------------------------------------------

    /**
     * Republishes every event now in the log into {@code engine}, in log order; see {@link #replayInto(EventEngine,
     * long)}.
     */
    public int replayInto(EventEngine engine) {
        return replayInto(engine, Long.MAX_VALUE);
    }

    /**
     * Republishes the events up to and including {@code untilTick} into {@code engine}, in log order: each on the exact
     * topic made of its type's {@code .}-separated parts, with its data as kwargs (so {@code java.time} values come
     * back as the ISO strings they were recorded as) and no positional args. Events added while replaying (a recorder
     * on the same engine and log, say) are not replayed. Call it from outside the engine's handlers: puts wait as the
     * engine's default options say.
     *
     * @return how many events were published
     * @throws io.eventengine.core.QueueFullException when the engine's queue stays full; the events before were
     *     published
     */
    public int replayInto(EventEngine engine, long untilTick) {
        Objects.requireNonNull(engine, "engine");
        int published = 0;
        for (Event e : snapshot()) {
            if (e.tick() <= untilTick) {
                publishInto(engine, e);
                published++;
            }
        }
        return published;
    }

    /** Replays one event: on the exact topic of its type, with its data as kwargs and no positional args. */
    static void publishInto(EventEngine engine, Event event) {
        engine.publish(topicOf(event.type()), List.of(), event.data());
    }

    /** The exact topic of an event type: one exact part per non-empty {@code .}-separated piece, syntax and all. */
    static Topic topicOf(String type) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= type.length(); i++) {
            if (i == type.length() || type.charAt(i) == '.') {
                if (i > start) {
                    parts.add(type.substring(start, i));
                }
                start = i + 1;
            }
        }
        return Topic.join(parts);
    }

    /**
     * Folds every event now in the log into a state, in order (Eventure's {@code derive_game_state(log.events)}).
     *
     * <pre>{@code
     * int health = log.fold(100, (hp, e) -> e.type().equals("player.damage") ? hp - ((Number) e.get("amount")).intValue() : hp);
     * }</pre>
     */
    public <S> S fold(S initial, BiFunction<? super S, ? super Event, ? extends S> step) {
        return fold(Long.MAX_VALUE, initial, step);
    }

    /** Folds the events up to and including {@code untilTick} into a state: the state as of that tick. */
    public <S> S fold(long untilTick, S initial, BiFunction<? super S, ? super Event, ? extends S> step) {
        Objects.requireNonNull(step, "step");
        S state = initial;
        for (Event e : snapshot()) {
            if (e.tick() <= untilTick) {
                state = step.apply(state, e);
            }
        }
        return state;
    }

    // ---- saving -----------------------------------------------------------------------------------------------

    /** Writes every event now in the log as JSON Lines to {@code out} (flushed, not closed). */
    public void writeTo(OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        for (Event e : snapshot()) {
            EventCodec.write(e, writer);
            writer.write('\n');
        }
        writer.flush();
    }

    /**
     * Saves every event to {@code path} as JSON Lines (Eventure's {@code save_to_file}), atomically: written to a
     * temporary file beside it, forced to the device, then moved over {@code path}, so a crash leaves either the old
     * file or the new one.
     *
     * @throws IllegalArgumentException when {@code path} is the file this durable log appends to (it is saved already)
     * @throws IOException when writing or moving fails; {@code path} is then unchanged
     */
    public void save(Path path) throws IOException {
        LogFile own = file;
        if (own != null && Files.exists(path) && Files.isSameFile(path, own.path())) {
            throw new IllegalArgumentException(
                    "This log already appends every event to '" + path + "'; save to another path to make a copy");
        }
        Path absolute = path.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = Files.createTempFile(dir, absolute.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
                writeTo(out);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Releases the file of a durable log (later adds fail); the events stay readable. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (file != null) {
            file.close();
        }
    }

    @Override
    public String toString() {
        LogFile f = file;
        return "EventLog[" + size() + " events, tick " + currentTick + (f == null ? "" : ", " + f.path()) + "]";
    }
}
