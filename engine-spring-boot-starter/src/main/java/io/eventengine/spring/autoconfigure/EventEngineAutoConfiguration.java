package io.eventengine.spring.autoconfigure;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventEngineBuilder;
import io.eventengine.core.IdleStrategy;
import io.eventengine.core.PublishOptions;
import io.eventengine.spring.internal.EngineLifecycle;
import io.eventengine.spring.internal.TopicListenerRegistrar;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The application's {@link EventEngine} from the {@code eventengine.*} properties ({@link EventEngineProperties}) and
 * the {@link EventEngineBuilderCustomizer} beans, started with the context and closed (every accepted message
 * delivered, for at most {@code eventengine.close-timeout}) when it stops; {@code @TopicListener} methods registered on
 * it. Declaring an {@code EventEngine} bean replaces the engine; the life cycle and the listeners then use that one.
 */
@AutoConfiguration
@EnableConfigurationProperties(EventEngineProperties.class)
public final class EventEngineAutoConfiguration {
    /** The builder with the properties applied, then the customizers. */
    @Bean
    @ConditionalOnMissingBean
    EventEngine eventEngine(
            EventEngineProperties properties,
            ObjectProvider<EventEngineBuilderCustomizer> customizers,
            Environment environment) {
        EventEngineBuilder builder = EventEngine.builder();
        PropertyMapper map = PropertyMapper.get();
        String name = properties.getName() != null
                ? properties.getName()
                : environment.getProperty("spring.application.name");
        map.from(name).to(builder::name);
        map.from(properties.getCapacity()).to(builder::capacity);
        map.from(properties.getBatchSize()).to(builder::batchSize);
        map.from(properties.getIdleStrategy())
                .as(EventEngineAutoConfiguration::idleStrategy)
                .to(builder::idleStrategy);
        map.from(properties.getRouteCacheSize()).to(builder::routeCacheSize);
        map.from(properties.getHookStats()).to(builder::hookStats);
        map.from(properties.getPublishTimeout()).as(PublishOptions::waitAtMost).to(builder::publishOptions);
        map.from(properties.getCloseTimeout()).to(builder::closeTimeout);
        map.from(properties.getStallThreshold()).to(builder::stallThreshold);
        builder.retain(properties.getRetain().toArray(String[]::new));
        map.from(properties.getMaxRetainedTopics()).to(builder::maxRetainedTopics);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    private static IdleStrategy idleStrategy(EventEngineProperties.IdleStrategyName name) {
        return switch (name) {
            case BACKOFF -> IdleStrategy.backoff();
            case PARKING -> IdleStrategy.parking();
            case BUSY_SPIN -> IdleStrategy.busySpin();
        };
    }

    /** Starts the engine with the context and closes it in the shutdown phase {@code eventengine.lifecycle.phase}. */
    @Bean
    @ConditionalOnMissingBean
    EngineLifecycle eventEngineLifecycle(EventEngine engine, EventEngineProperties properties) {
        return new EngineLifecycle(
                engine,
                properties.getLifecycle().isAutoStartup(),
                properties.getLifecycle().getPhase());
    }

    /** Static: a post-processor must not wait for the engine to exist; it looks it up once singletons are made. */
    @Bean
    static TopicListenerRegistrar topicListenerRegistrar(ObjectProvider<EventEngine> engine) {
        return new TopicListenerRegistrar(engine);
    }
}
