package io.eventengine.spring.autoconfigure;

import io.eventengine.core.EventEngine;
import io.eventengine.reactor.ReactorEngine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** A {@link ReactorEngine} over the application's engine, when engine-reactor is on the class path. */
@AutoConfiguration(after = EventEngineAutoConfiguration.class)
@ConditionalOnClass(ReactorEngine.class)
public final class EventEngineReactorAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    ReactorEngine reactorEngine(EventEngine engine) {
        return ReactorEngine.of(engine);
    }
}
