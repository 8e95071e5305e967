package io.eventengine.nats;

import io.eventengine.core.MessagePayload;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

/**
 * How a bridge carries trace context in NATS headers (engine-micrometer's {@code NatsObservations} is one): a span per
 * exported message, started on the dispatcher inside the exporting handler's context, that may write headers; and a
 * span per imported message, started from the headers it came with and in scope while the bridge offers the message
 * to the engine, so the engine's monitoring tools capture it as the local message's parent context. Set with {@link
 * NatsBridgeBuilder#tracing}; the default does nothing.
 */
public interface NatsTracing {
    /** No tracing: no header written or read. */
    NatsTracing NONE = new NatsTracing() {
        @Override
        public Span exporting(MessagePayload message, String subject, Headers headers) {
            return Span.NONE;
        }

        @Override
        public Span importing(String subject, @Nullable Headers headers) {
            return Span.NONE;
        }
    };

    /**
     * A local message is about to be published on {@code subject}, on the dispatcher: write what carries the current
     * context into {@code headers}. The span is ended once the message was handed to NATS (for JetStream, before its
     * ack). {@code headers} are the message's during this call only: for core NATS the bridge clears and reuses them
     * for the next message (jnats copies them into the message it sends), so write them here and keep no reference.
     */
    Span exporting(MessagePayload message, String subject, Headers headers);

    /** A message arrived on {@code subject} with {@code headers} (null when it had none) and will be imported. */
    Span importing(String subject, @Nullable Headers headers);

    /** One traced step of a bridge. Ended once; {@link #open()} may be called for each attempt before that. */
    interface Span {
        /** A span that does nothing. */
        Span NONE = new Span() {
            @Override
            public Scope open() {
                return Scope.NONE;
            }

            @Override
            public void end(@Nullable Throwable failure) {}
        };

        /** Makes the span current on the calling thread until the scope closes. */
        Scope open();

        /** Ends the span; {@code failure} when the step failed (the message was dropped). */
        void end(@Nullable Throwable failure);
    }

    /** The span being current; closed on the thread that opened it. */
    interface Scope extends AutoCloseable {
        /** Nothing to close. */
        Scope NONE = () -> {};

        @Override
        void close();
    }
}
