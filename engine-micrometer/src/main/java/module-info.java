/**
 * Micrometer for an engine: {@link io.eventengine.micrometer.EngineMetrics} (a {@code MeterBinder}) and {@link
 * io.eventengine.micrometer.EngineObservations} (observations across the queue hop), both tools on the engine's
 * monitoring API, and {@link io.eventengine.micrometer.NatsObservations} (the context in NATS headers).
 */
module io.eventengine.micrometer {
    requires transitive io.eventengine.core;
    requires transitive micrometer.core;
    requires transitive micrometer.observation;
    requires static org.jspecify;
    requires static io.eventengine.nats; // only for NatsObservations
    requires static io.nats.jnats;

    exports io.eventengine.micrometer;
}
