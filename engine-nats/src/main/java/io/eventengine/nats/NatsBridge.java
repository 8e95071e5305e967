package io.eventengine.nats;

import io.eventengine.core.EventEngine;
import io.eventengine.core.Topic;
import io.eventengine.core.spi.EngineSupport;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Attaches an engine to a NATS connection. Local messages on an <em>export</em> pattern are sent as the subject of
 * the same literal; NATS messages on an <em>import</em> pattern are published locally on the same topic, so handlers,
 * Fluxes and Flows see remote messages as local ones. Each pattern is core NATS (at most once: a message the local
 * queue cannot take is dropped and counted) or JetStream (at least once: exports wait for the stream's ack and are
 * deduplicated by a message id naming the origin and seq id; imports are durable pull consumers that ack after the engine accepted).
 *
 * <pre>{@code
 * NatsBridge bridge = NatsBridge.builder(engine, connection)
 *         .exportTopics("Market.Data.**")
 *         .importTopics("Orders.{id}")
 *         .start();
 * }</pre>
 *
 * <p>An imported message is never exported again, so one engine may export and import the same pattern; its own
 * exports coming back (a connection without {@code noEcho}) are recognised by their origin header and skipped. Closing
 * the engine closes the bridge after close delivered what it could (so what the engine accepted is exported);
 * {@link #close()} stops importing and waits, up to the close timeout, for JetStream to acknowledge what was sent.
 * The connection stays the caller's. See docs/nats.md for the guarantees table and the wire format.
 */
public final class NatsBridge implements AutoCloseable {
    private final String originId;
    private final EventEngine engine;
    private final Connection connection;
    private final Duration closeTimeout;
    private final Exporter exporter;
    private final @Nullable CoreImports coreImports;
    private final List<JetStreamImport> streamImports = new ArrayList<>();
    private final Inbound inbound;
    private final SubjectMapping subjects;
    private final ScheduledExecutorService retries;
    private final Runnable closeWithEngine;
    private final List<io.eventengine.core.Registration> originHooks = new ArrayList<>();
    private final LongAdder exported = new LongAdder();
    private final LongAdder imported = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder redelivered = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder undecodable = new LongAdder();
    private boolean closed;

    private NatsBridge(NatsBridgeBuilder b) {
        this.engine = b.engine;
        this.connection = b.connection;
        this.originId = b.originId != null ? b.originId : UUID.randomUUID().toString();
        this.closeTimeout = b.closeTimeout;
        this.subjects = b.subjects;
        EngineSupport support = EngineSupport.of(engine);
        ImportedOrigins origins = new ImportedOrigins(engine.capacity());
        JetStream jetStream = b.exportToStream.isEmpty() && b.streamImports.isEmpty() ? null : jetStream(connection);
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nats-bridge-retry");
            t.setDaemon(true);
            return t;
        });
        this.inbound = new Inbound(originId, b.codec, support, undecodable, b.tracing);
        this.exporter = new Exporter(
                originId,
                connection,
                jetStream,
                b.codec,
                b.tracing,
                subjects,
                origins,
                support,
                b.maxPendingAcks,
                b.ackTimeout,
                retries,
                exported,
                dropped);
        try {
            List<ImportRoute> coreRoutes = routes(b.importTopics, subjects);
            List<ImportRoute> allImports = new ArrayList<>(coreRoutes);
            for (NatsBridgeBuilder.StreamImport s : b.streamImports) {
                ImportRoute route = new ImportRoute(s.pattern(), subjects.serverSubjectOf(s.pattern()), List.of());
                allImports.add(route);
                streamImports.add(new JetStreamImport(
                        Objects.requireNonNull(jetStream),
                        s.stream(),
                        s.durable(),
                        b.ackWait,
                        route,
                        engine,
                        inbound,
                        b.fetchBatch,
                        imported,
                        redelivered,
                        acked));
            }
            for (ImportRoute route : allImports) { // before the exports, so a parent's origin is known first
                originHooks.add(engine.register(route.pattern, origins::remember));
            }
            b.exportTopics.forEach(p -> exporter.export(engine, p, false));
            b.exportToStream.forEach(p -> exporter.export(engine, p, true));
            if (coreRoutes.isEmpty()) {
                this.coreImports = null;
            } else {
                this.coreImports = new CoreImports(connection, inbound, imported, dropped);
                connection.clearLastError();
                coreImports.subscribe(coreRoutes);
                checkSubscriptions(coreRoutes);
            }
        } catch (IOException | JetStreamApiException e) {
            closeQuietly();
            throw new NatsBridgeException(
                    "JetStream refused an import consumer: " + e.getMessage()
                            + ". Check that a stream captures the import subjects and that the durable names are free",
                    e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
        streamImports.forEach(JetStreamImport::start);
        this.closeWithEngine = EngineSupport.of(engine).whenClosed(this::close);
    }

    /** A builder for a bridge between {@code engine} and {@code connection}. */
    public static NatsBridgeBuilder builder(EventEngine engine, Connection connection) {
        return new NatsBridgeBuilder(engine, connection, NatsBridge::new);
    }

    private static JetStream jetStream(Connection connection) {
        try {
            return connection.jetStream();
        } catch (IOException e) {
            throw new NatsBridgeException("Cannot use JetStream on this connection: " + e.getMessage(), e);
        }
    }

    private static List<ImportRoute> routes(List<Topic> patterns, SubjectMapping subjects) {
        List<ImportRoute> routes = new ArrayList<>();
        for (Topic pattern : patterns) {
            routes.add(new ImportRoute(pattern, subjects.serverSubjectOf(pattern), routes));
        }
        return routes;
    }

    /** A refused subscription reaches only the error listener (subscribe returns normally): ask the server. */
    private void checkSubscriptions(List<ImportRoute> routes) {
        try {
            connection.flush(Duration.ofSeconds(5));
        } catch (TimeoutException e) {
            throw new NatsBridgeException("The NATS server did not confirm the import subscriptions within 5 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NatsBridgeException("Interrupted while confirming the import subscriptions", e);
        }
        String error = connection.getLastError();
        if (error != null && !error.isEmpty()) {
            List<String> subjects = routes.stream().map(r -> r.server.subject()).toList();
            throw new NatsBridgeException("The NATS server refused an import subscription (" + subjects + "): " + error
                    + ". Grant the connection's user subscribe permission, or import other patterns");
        }
    }

    /** The id this bridge's exports carry as their origin (the builder's, or a random UUID). */
    public String originId() {
        return originId;
    }

    /** The engine this bridge is attached to. */
    public EventEngine engine() {
        return engine;
    }

    /** The counters so far. */
    public NatsBridgeStats stats() {
        return new NatsBridgeStats(
                exported.sum(),
                imported.sum(),
                dropped.sum(),
                redelivered.sum(),
                acked.sum(),
                exporter.pending(),
                exporter.retried(),
                undecodable.sum());
    }

    /**
     * Publishes into the engine the messages of {@code stream} on subjects matching {@code pattern}, from stream
     * sequence {@code fromSequence} (1 is the first) to the last one stored now, in stream order, waiting for room in
     * the queue as needed. Replayed messages are imported ones (never exported again).
     *
     * @return how many messages were published
     */
    public int replay(String stream, String pattern, long fromSequence) {
        return StreamReplay.fromSequence(jetStream(connection), stream, route(pattern), fromSequence, inbound, engine);
    }

    /** {@link #replay(String, String, long)} from the first message stored at or after {@code from}. */
    public int replay(String stream, String pattern, Instant from) {
        return StreamReplay.fromTime(jetStream(connection), stream, route(pattern), from, inbound, engine);
    }

    private ImportRoute route(String pattern) {
        Topic topic = Topic.of(pattern);
        return new ImportRoute(topic, subjects.serverSubjectOf(topic), List.of());
    }

    /**
     * Stops exporting and importing, then waits up to the close timeout for JetStream to acknowledge the exports
     * already sent and flushes the connection. Exports still unacknowledged then are counted as dropped. Idempotent;
     * the engine and the connection stay open.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (closeWithEngine != null) {
            closeWithEngine.run();
        }
        try {
            for (JetStreamImport streamImport : streamImports) {
                streamImport.close(closeTimeout);
            }
            if (coreImports != null) {
                coreImports.close();
            }
            exporter.close(closeTimeout);
            originHooks.forEach(io.eventengine.core.Registration::close);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            retries.shutdownNow();
        }
    }

    private void closeQuietly() {
        try {
            exporter.close(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        retries.shutdownNow();
    }

    @Override
    public String toString() {
        return "NatsBridge[" + originId + ", " + stats() + "]";
    }
}
