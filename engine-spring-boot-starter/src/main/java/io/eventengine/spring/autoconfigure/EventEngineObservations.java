package io.eventengine.spring.autoconfigure;

import io.eventengine.micrometer.EngineObservations;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The auto-configured {@link EngineObservations}, or none when the context has no (or a no-op) {@code
 * ObservationRegistry}. Flux and Flow consumers read a message's parent observation through {@link #observations()}.
 */
public final class EventEngineObservations implements AutoCloseable {
    private final @Nullable EngineObservations observations;

    EventEngineObservations(@Nullable EngineObservations observations) {
        this.observations = observations;
    }

    /** The installed observations, empty when there was no registry to report to. */
    public Optional<EngineObservations> observations() {
        return Optional.ofNullable(observations);
    }

    @Override
    public void close() {
        if (observations != null) {
            observations.close();
        }
    }

    @Override
    public String toString() {
        return "EventEngineObservations[" + (observations == null ? "inactive" : observations) + "]";
    }
}
