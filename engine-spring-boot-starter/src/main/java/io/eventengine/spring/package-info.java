/**
 * Spring Boot support for EventEngine: {@link io.eventengine.spring.TopicListener} methods and their parameter
 * bindings. The auto-configuration and its properties live in {@code io.eventengine.spring.autoconfigure}.
 */
@NullMarked
package io.eventengine.spring;

import org.jspecify.annotations.NullMarked;
