package io.eventengine.spring.autoconfigure;

import io.eventengine.core.EventEngine;
import io.eventengine.spring.internal.EngineHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * A health indicator named {@code eventEngine} (in {@code /actuator/health}) when spring-boot-health is on the class
 * path; {@code management.health.eventengine.enabled=false} turns it off. UP while the dispatcher runs, DOWN when it is
 * not running or the engine is closed; the details carry the queue's occupancy and the rejected puts.
 */
@AutoConfiguration(after = EventEngineAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("eventengine")
public final class EventEngineHealthAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "eventEngineHealthIndicator")
    HealthIndicator eventEngineHealthIndicator(EventEngine engine) {
        return new EngineHealthIndicator(engine);
    }
}
