/**
 * Micrometer for an engine: {@link io.eventengine.micrometer.EngineMetrics} (a {@code MeterBinder}) and {@link
 * io.eventengine.micrometer.EngineObservations} (observations across the queue hop), both tools on the engine's
 * monitoring API.
 */
module io.eventengine.micrometer {
    requires transitive io.eventengine.core;
    requires transitive micrometer.core;
    requires transitive micrometer.observation;
    requires static org.jspecify;

    exports io.eventengine.micrometer;
}
