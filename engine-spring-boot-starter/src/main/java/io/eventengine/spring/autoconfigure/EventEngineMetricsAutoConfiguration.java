package io.eventengine.spring.autoconfigure;

import io.eventengine.core.EventEngine;
import io.eventengine.micrometer.EngineMetrics;
import io.eventengine.micrometer.EngineObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer for the application's engine, when engine-micrometer is on the class path: {@link EngineMetrics} as a
 * {@code MeterBinder} bean (Spring Boot binds it to every meter registry it manages, so the meters appear under
 * {@code /actuator/metrics} and in Prometheus), and {@link EngineObservations} when an {@code ObservationRegistry}
 * bean exists.
 */
@AutoConfiguration(after = EventEngineAutoConfiguration.class)
@ConditionalOnClass({EngineMetrics.class, MeterRegistry.class})
public final class EventEngineMetricsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "eventengine.metrics.enabled", matchIfMissing = true)
    EngineMetrics eventEngineMetrics(EventEngine engine, EventEngineProperties properties) {
        return EngineMetrics.builder(engine)
                .timeHandlers(properties.getMetrics().getTimeHandlers().toArray(String[]::new))
                .build();
    }

    /** Separate so that the metrics work without micrometer-observation. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    @ConditionalOnBooleanProperty(name = "eventengine.observations.enabled", matchIfMissing = true)
    static final class ObservationsConfiguration {
        /**
         * Installed when the context has an ObservationRegistry (looked up when the engine's beans are made, so the
         * order of auto-configurations does not matter); otherwise the bean is an inactive placeholder.
         */
        @Bean
        @ConditionalOnMissingBean
        EventEngineObservations eventEngineObservations(
                EventEngine engine, ObjectProvider<ObservationRegistry> registry) {
            ObservationRegistry found = registry.getIfUnique();
            return new EventEngineObservations(
                    found == null || found.isNoop() ? null : EngineObservations.install(engine, found));
        }
    }
}
