package io.eventengine.nats;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessageOrigin;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Registration;
import io.eventengine.core.Topic;
import io.eventengine.core.spi.EngineSupport;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export side: one handler per export pattern sends each local message once, on the dispatcher thread. Core mode
 * hands it to the connection (at most once). JetStream mode publishes asynchronously with the message id {@code ee:
 * origin/seq/time[/parent]} (WireHeaders), at most {@code maxPendingAcks} unacknowledged (beyond that the dispatcher waits: backpressure onto the
 * engine's queue), and republishes with the same id until the stream acknowledges, so a retry after a lost ack or a
 * server restart is deduplicated by the stream instead of stored twice.
 */
final class Exporter {
    private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);
    private static final long RETRY_DELAY_MILLIS = 200;

    private final String originId;
    private final Connection connection;
    private final @Nullable JetStream jetStream;
    private final MessageCodec codec;
    private final NatsTracing tracing;
    private final SubjectMapping subjects;
    private final ImportedOrigins imported;
    private final EngineSupport support;
    private final Semaphore window;
    private final int maxPending;
    private final Duration ackTimeout;
    private final ScheduledExecutorService retries;
    private final LongAdder exported;
    private final LongAdder dropped;
    private final LongAdder retried = new LongAdder();
    private final AtomicInteger pending = new AtomicInteger();
    private final List<Registration> registrations = new ArrayList<>();
    private volatile long giveUpAtNanos = Long.MAX_VALUE;
    /** The headers of the message being exported, rewritten per message (dispatcher thread): see WireHeaders.into. */
    private final Headers reusedHeaders = new Headers();
    /** The seq id last exported: a message matching several export patterns goes out once (dispatcher thread). */
    private long lastSeq = MessagePayload.NO_SEQ;

    Exporter(
            String originId,
            Connection connection,
            @Nullable JetStream jetStream,
            MessageCodec codec,
            NatsTracing tracing,
            SubjectMapping subjects,
            ImportedOrigins imported,
            EngineSupport support,
            int maxPending,
            Duration ackTimeout,
            ScheduledExecutorService retries,
            LongAdder exported,
            LongAdder dropped) {
        this.originId = originId;
        this.connection = connection;
        this.jetStream = jetStream;
        this.codec = codec;
        this.tracing = tracing;
        this.subjects = subjects;
        this.imported = imported;
        this.support = support;
        this.maxPending = maxPending;
        this.window = new Semaphore(maxPending);
        this.ackTimeout = ackTimeout;
        this.retries = retries;
        this.exported = exported;
        this.dropped = dropped;
    }

    /** Exports local messages on {@code pattern}: to core NATS, or to JetStream when {@code durable}. */
    void export(EventEngine engine, Topic pattern, boolean durable) {
        subjects.serverSubjectOf(pattern); // checks the pattern's literal parts now, not at the first message
        registrations.add(engine.register(pattern, message -> export(message, durable)));
    }

    private void export(MessagePayload message, boolean durable) throws InterruptedException {
        long seq = message.seqId();
        if (message.origin() != null || (seq == lastSeq && seq != MessagePayload.NO_SEQ)) {
            return; // imported messages never go out again: that is what keeps export + import of one pattern loop-free
        }
        lastSeq = seq;
        String subject;
        byte[] body;
        try {
            subject = subjects.subjectOf(message.topic());
            body = codec.encode(message.args(), message.kwargs());
        } catch (IllegalArgumentException cannotSend) { // not a NATS subject, or a value the codec cannot encode
            dropped.increment();
            LOG.warn("Not exported: {}", cannotSend.getMessage());
            return;
        }
        MessageOrigin parent = parentOf(message);
        // Core: the identity header, then whatever tracing writes. JetStream: only what tracing writes, because the
        // identity is the message id jnats adds. One reused object either way (jnats copies what it sends)
        Headers headers = durable ? clear(reusedHeaders) : WireHeaders.into(reusedHeaders, originId, message, parent);
        NatsTracing.Span span = tracing.exporting(message, subject, headers);
        if (!durable) {
            try {
                connection.publish(subject, headers, body);
                exported.increment();
                span.end(null);
            } catch (IllegalStateException refused) { // closed, or the reconnect buffer is full
                dropped.increment();
                span.end(refused);
                LOG.debug("NATS refused the export of {}: {}", message.topic(), refused.getMessage());
            }
            return;
        }
        span.end(null); // handed over; the ack (and any retry) comes later, outside the handler's context
        if (!window.tryAcquire()) {
            support.beforeBlocking();
            window.acquire();
        }
        pending.incrementAndGet();
        PublishOptions options = PublishOptions.builder()
                .messageId(WireHeaders.messageId(originId, message, parent))
                .build();
        // kept for the retries, so a copy of the reused headers (none at all without tracing)
        publishDurable(subject, headers.isEmpty() ? null : new Headers(headers), body, options);
    }

    private static Headers clear(Headers headers) {
        headers.clear();
        return headers;
    }

    private @Nullable MessageOrigin parentOf(MessagePayload message) {
        if (!message.hasParent()) {
            return null;
        }
        MessageOrigin remote = imported.originOf(message.parentSeqId());
        return remote != null ? remote : new MessageOrigin(originId, message.parentSeqId());
    }

    private void publishDurable(String subject, @Nullable Headers headers, byte[] body, PublishOptions options) {
        CompletableFuture<?> ack;
        try {
            ack = jetStream
                    .publishAsync(subject, headers, body, options)
                    .orTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException notSent) {
            ack = CompletableFuture.failedFuture(notSent);
        }
        ack.whenComplete((done, failure) -> {
            if (failure == null) {
                settle(true);
            } else if (stillRetrying()) {
                retried.increment();
                LOG.debug("JetStream publish on {} failed ({}); retrying with the same message id", subject, failure);
                retries.schedule(
                        () -> publishDurable(subject, headers, body, options),
                        RETRY_DELAY_MILLIS,
                        TimeUnit.MILLISECONDS);
            } else {
                LOG.warn(
                        "JetStream publish on {} not acknowledged when the bridge closed: counted as dropped", subject);
                settle(false);
            }
        });
    }

    /** Until close() gives up: its deadline, or no deadline while the bridge runs. */
    private boolean stillRetrying() {
        long giveUpAt = giveUpAtNanos;
        return giveUpAt == Long.MAX_VALUE || System.nanoTime() - giveUpAt < 0;
    }

    private void settle(boolean acked) {
        (acked ? exported : dropped).increment();
        pending.decrementAndGet();
        window.release();
        if (giveUpAtNanos != Long.MAX_VALUE) { // only close() waits; it sets the deadline before it reads pending
            synchronized (this) {
                notifyAll();
            }
        }
    }

    long retried() {
        return retried.sum();
    }

    int pending() {
        return pending.get();
    }

    /** Stops exporting, then waits up to {@code timeout} for the stream to acknowledge what was sent. */
    void close(Duration timeout) throws InterruptedException {
        registrations.forEach(Registration::close);
        long deadline = System.nanoTime() + timeout.toNanos();
        giveUpAtNanos = deadline;
        synchronized (this) {
            long left;
            while (pending.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        if (connection.getStatus() == Connection.Status.CLOSED) {
            return; // closed by its owner first: nothing left to flush into
        }
        try {
            connection.flush(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000)));
        } catch (java.util.concurrent.TimeoutException | IllegalStateException e) {
            LOG.warn("Could not flush the NATS connection on close: {}", e.toString());
        }
    }
}
