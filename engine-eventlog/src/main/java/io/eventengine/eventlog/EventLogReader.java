package io.eventengine.eventlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventengine.core.EventEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a JSON Lines event log one event at a time, without holding the events: for files larger than the heap, where
 * {@link EventLog#load} (the in-memory view) would not fit. It reads one line at a time, never more than {@link
 * RecordLimits#maxLineBytes()} of it, and keeps no event once it has handed it on.
 *
 * <pre>{@code
 * try (EventLogReader reader = EventLogReader.open(Path.of("game.jsonl")).types("Game.Hit").ticks(100, 200)) {
 *     long replayed = reader.replayInto(engine);        // or fold(...), or for (Event e : reader)
 *     LoadReport report = reader.report();              // what was left out, as EventLog.load reports it
 * }
 * }</pre>
 *
 * <p>A reader makes one pass: iterate it, {@link #stream()} it, {@link #fold} it or {@link #replayInto replay} it once;
 * set the filters ({@link #types}, {@link #ticks}) before. The file is read in order; tick filters do not stop early,
 * since a file need not be ordered by tick.
 *
 * <p>Lines are read as {@link EventLog#load} reads them, with the same {@link EventLogOptions options}: a torn last line
 * (no line feed, not a valid record) is left out and reported in {@link #report()}, in strict mode too; another corrupt
 * line fails a strict read with {@link CorruptLogException} (from {@link #fold}/{@link #replayInto}, or wrapped in an
 * {@link UncheckedIOException} from the iterator) and is skipped and reported in lenient mode. Two things differ,
 * because each needs every id in memory: <b>duplicate ids are not detected</b>, and a record without {@code event_id}
 * gets the id {@code {tick}-{typeHash}-L{lineNumber}} (unique in the file; {@code load} numbers such records instead).
 *
 * <p>Not thread-safe: one thread reads a reader.
 */
public final class EventLogReader implements Iterable<Event>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLogReader.class);

    /** How many skipped lines {@link #report()} lists; {@link #skippedCount()} counts them all. */
    public static final int MAX_REPORTED_LINES = 1000;

    private final InputStream in;
    private final String source;
    private final EventLogOptions options;
    private final LineScanner lines;
    private final ObjectMapper mapper;
    private final List<LoadReport.Problem> skipped = new ArrayList<>();
    private @Nullable Set<String> types;
    private long fromTick;
    private long toTick = Long.MAX_VALUE;
    private boolean started;
    private boolean finished;
    private boolean closed;
    private long eventsRead;
    private long skippedCount;
    private LoadReport.@Nullable Problem torn;

    private EventLogReader(InputStream in, String source, EventLogOptions options) {
        this.in = in;
        this.source = source;
        this.options = options;
        this.lines = new LineScanner(in, options.limits().maxLineBytes());
        this.mapper = EventCodec.mapperFor(options.limits());
    }

    /** A reader of {@code path} with the default options (strict, default limits). */
    public static EventLogReader open(Path path) throws IOException {
        return open(path, EventLogOptions.defaults());
    }

    /**
     * A reader of {@code path}: its leniency and record limits are taken from {@code options}.
     *
     * @throws IOException when the file cannot be opened
     */
    public static EventLogReader open(Path path, EventLogOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        return new EventLogReader(Files.newInputStream(path), path.toString(), options);
    }

    /**
     * A reader of JSON Lines from {@code in}, which {@link #close()} closes.
     *
     * @param source names the stream in errors and in the {@link #report()}
     */
    public static EventLogReader of(InputStream in, String source, EventLogOptions options) {
        return new EventLogReader(
                Objects.requireNonNull(in, "in"),
                Objects.requireNonNull(source, "source"),
                Objects.requireNonNull(options, "options"));
    }

    /**
     * Keeps only events of these types (exact strings, as {@link EventQuery#eventsByType}); replaces an earlier type
     * filter.
     *
     * @throws IllegalStateException once reading has started
     */
    public EventLogReader types(String... types) {
        return types(List.of(types));
    }

    /** Keeps only events of these types; see {@link #types(String...)}. */
    public EventLogReader types(Collection<String> types) {
        checkNotStarted();
        this.types = Set.copyOf(types);
        return this;
    }

    /**
     * Keeps only events whose tick is from {@code fromTick} to {@code toTick}, both included; replaces an earlier tick
     * filter.
     *
     * @throws IllegalArgumentException when {@code fromTick > toTick}
     * @throws IllegalStateException once reading has started
     */
    public EventLogReader ticks(long fromTick, long toTick) {
        checkNotStarted();
        if (fromTick > toTick) {
            throw new IllegalArgumentException(
                    "The tick range " + fromTick + ".." + toTick + " is empty; give fromTick <= toTick");
        }
        this.fromTick = fromTick;
        this.toTick = toTick;
        return this;
    }

    /** Keeps only events up to and including {@code tick}, as {@link EventLog#replayInto(EventEngine, long)} does. */
    public EventLogReader untilTick(long tick) {
        return ticks(Long.MIN_VALUE, tick);
    }

    private void checkNotStarted() {
        if (started) {
            throw new IllegalStateException("Reading '" + source + "' has started; set filters before reading");
        }
    }

    /**
     * The events that pass the filters, in file order: the one pass of this reader.
     *
     * @throws IllegalStateException when the reader was read or closed already (open another reader to read again)
     */
    @Override
    public Iterator<Event> iterator() {
        if (closed) {
            throw new IllegalStateException("This reader of '" + source + "' is closed");
        }
        if (started) {
            throw new IllegalStateException(
                    "This reader of '" + source + "' has been read; a reader makes one pass, open another");
        }
        started = true;
        return new Iterator<>() {
            private @Nullable Event next;

            @Override
            public boolean hasNext() {
                if (next == null && !finished) {
                    if (closed) {
                        throw new IllegalStateException("This reader of '" + source + "' was closed while reading");
                    }
                    try {
                        next = advance();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return next != null;
            }

            @Override
            public Event next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("No more events in '" + source + "'");
                }
                Event e = next;
                next = null;
                return e;
            }
        };
    }

    /** The events as a sequential stream (the one pass); closing the stream closes this reader. */
    public Stream<Event> stream() {
        Spliterator<Event> split =
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(split, false).onClose(() -> {
            try {
                close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Folds the events that pass the filters into a state, in file order, as {@link EventLog#fold} does.
     *
     * @throws CorruptLogException in strict mode, for a corrupt line other than a torn last one
     * @throws IOException when reading fails
     */
    public <S> S fold(S initial, BiFunction<? super S, ? super Event, ? extends S> step) throws IOException {
        Objects.requireNonNull(step, "step");
        S state = initial;
        try {
            for (Event e : this) {
                state = step.apply(state, e);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return state;
    }

    /**
     * Republishes the events that pass the filters into {@code engine}, in file order, as {@link
     * EventLog#replayInto(EventEngine, long)} does: each on the exact topic of its type's parts, with its data as kwargs
     * and no positional args. Puts wait as the engine's default options say, so a slow engine slows the reading down
     * and memory stays bounded.
     *
     * @return how many events were published
     * @throws CorruptLogException in strict mode, for a corrupt line other than a torn last one; the events before
     *     were published
     * @throws IOException when reading fails
     */
    public long replayInto(EventEngine engine) throws IOException {
        Objects.requireNonNull(engine, "engine");
        long published = 0;
        try {
            for (Event e : this) {
                EventLog.publishInto(engine, e);
                published++;
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return published;
    }

    private @Nullable Event advance() throws IOException {
        while (lines.next()) {
            LogReader.Parsed parsed = LogReader.parse(lines, mapper, options.limits());
            if (parsed == null) {
                continue; // blank
            }
            EventCodec.Fields f = parsed.fields();
            if (f == null) {
                problem(Objects.requireNonNull(parsed.reason()));
                continue;
            }
            eventsRead++;
            if (f.tick() < fromTick || f.tick() > toTick || (types != null && !types.contains(f.type()))) {
                continue;
            }
            String id = f.id() != null ? f.id() : f.tick() + "-" + EventIds.typeHash(f.type()) + "-L" + lines.number();
            return new Event(id, f.tick(), f.timestamp(), f.type(), f.data(), f.parentId());
        }
        finished = true;
        LoadReport report = report();
        if (!report.isClean()) {
            LOG.warn(
                    "Read {} events from '{}' but left out {}{}",
                    eventsRead,
                    source,
                    skippedCount == 0 ? "" : skippedCount + " corrupt lines " + report.skippedLines() + " ",
                    torn == null ? "" : "the torn " + torn);
        }
        return null;
    }

    private void problem(String reason) throws CorruptLogException {
        if (!lines.terminated()) {
            torn = new LoadReport.Problem(
                    lines.number(), "torn last line (no line feed; " + reason + ")", LogReader.excerpt(lines));
        } else if (!options.lenient()) {
            throw new CorruptLogException(source, lines.number(), reason);
        } else {
            skippedCount++;
            if (skipped.size() < MAX_REPORTED_LINES) {
                skipped.add(new LoadReport.Problem(lines.number(), reason, LogReader.excerpt(lines)));
            }
        }
    }

    /**
     * What reading has found so far besides events: the corrupt lines skipped (the first {@value #MAX_REPORTED_LINES})
     * and a torn last line; {@link LoadReport#eventsLoaded()} counts the valid records read, the filtered-out ones
     * included (at most {@link Integer#MAX_VALUE}; see {@link #eventsRead()}).
     */
    public LoadReport report() {
        return new LoadReport(source, (int) Math.min(eventsRead, Integer.MAX_VALUE), skipped, torn);
    }

    /** How many valid records have been read so far, the filtered-out ones included. */
    public long eventsRead() {
        return eventsRead;
    }

    /** How many corrupt lines have been skipped so far (lenient mode), also past those the report lists. */
    public long skippedCount() {
        return skippedCount;
    }

    /** True once every line has been read. */
    public boolean isFinished() {
        return finished;
    }

    /** Closes the file (or stream); reading on fails with {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            in.close();
        }
    }

    @Override
    public String toString() {
        return "EventLogReader[" + source + ", " + eventsRead + " events read" + (finished ? ", finished" : "") + "]";
    }
}
