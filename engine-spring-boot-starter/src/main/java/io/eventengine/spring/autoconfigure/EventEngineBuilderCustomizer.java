package io.eventengine.spring.autoconfigure;

import io.eventengine.core.EventEngineBuilder;

/**
 * Adjusts the auto-configured engine's builder after the {@code eventengine.*} properties are applied, for what
 * properties cannot say (a clock, custom publish options). Beans of this type are applied in their {@code @Order}.
 */
@FunctionalInterface
public interface EventEngineBuilderCustomizer {
    /** Changes {@code builder} in place. */
    void customize(EventEngineBuilder builder);
}
