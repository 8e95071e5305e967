package io.eventengine.nats;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Extra nats-server configuration for the server {@link NatsServerExtension} starts for the annotated class. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface NatsConfig {
    String value();
}
