package io.eventengine.micrometer;

import io.eventengine.core.MessagePayload;
import io.eventengine.nats.NatsTracing;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.nats.client.impl.Headers;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer observations for a NATS bridge ({@code NatsBridgeBuilder.tracing(new NatsObservations(registry))}): an
 * export is a {@value #EXPORT} observation whose carrier is the NATS message's headers, started on the dispatcher
 * inside the exporting handler's {@code eventengine.process} observation (so its parent); an import is a {@value
 * #IMPORT} observation whose carrier is the received headers, in scope while the bridge offers the message to the
 * engine, so {@link EngineObservations} makes it the parent of the local handlers' observations. What goes into the
 * headers is the registry's propagating handlers' business (micrometer-tracing's {@code
 * PropagatingSenderTracingObservationHandler} and its receiver twin write and read W3C {@code traceparent}); with
 * those, a trace goes producer → engine → NATS → engine → handler. Needs engine-nats (an optional dependency).
 */
public final class NatsObservations implements NatsTracing {
    /** The name of an export's observation. */
    public static final String EXPORT = "eventengine.nats.export";

    /** The name of an import's observation. */
    public static final String IMPORT = "eventengine.nats.import";

    private final ObservationRegistry registry;

    /** Observations in {@code registry}. */
    public NatsObservations(ObservationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Span exporting(MessagePayload message, String subject, Headers headers) {
        SenderContext<Headers> context = new SenderContext<>((carrier, key, value) -> carrier.put(key, value));
        context.setCarrier(headers);
        context.setRemoteServiceName("nats");
        Observation observation = Observation.createNotStarted(EXPORT, () -> context, registry)
                .contextualName(subject + " publish")
                .lowCardinalityKeyValue("messaging.system", "nats")
                .highCardinalityKeyValue("messaging.destination.name", subject)
                .highCardinalityKeyValue("eventengine.seq", Long.toString(message.seqId()));
        return new ObservationSpan(observation.start());
    }

    @Override
    public Span importing(String subject, @Nullable Headers headers) {
        ReceiverContext<Headers> context = new ReceiverContext<>((carrier, key) -> carrier.getFirst(key));
        context.setCarrier(headers == null ? new Headers() : headers);
        context.setRemoteServiceName("nats");
        Observation observation = Observation.createNotStarted(IMPORT, () -> context, registry)
                .contextualName(subject + " receive")
                .lowCardinalityKeyValue("messaging.system", "nats")
                .highCardinalityKeyValue("messaging.destination.name", subject);
        return new ObservationSpan(observation.start());
    }

    @Override
    public String toString() {
        return "NatsObservations[" + registry + "]";
    }

    private record ObservationSpan(Observation observation) implements Span {
        @Override
        public Scope open() {
            Observation.Scope scope = observation.openScope();
            return scope::close;
        }

        @Override
        public void end(@Nullable Throwable failure) {
            if (failure != null) {
                observation.error(failure);
            }
            observation.stop();
        }
    }
}
