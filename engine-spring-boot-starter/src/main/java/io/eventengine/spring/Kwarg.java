package io.eventengine.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@link TopicListener} parameter to the message's keyword argument {@link #value()}. A message without it
 * fails the call (a handler failure, counted) unless {@link #required()} is false, when the parameter gets {@code
 * null} (an {@code Optional} parameter gets an empty one).
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Kwarg {
    /** The keyword's name. */
    String value();

    /** Whether a message must carry the keyword. */
    boolean required() default true;
}
