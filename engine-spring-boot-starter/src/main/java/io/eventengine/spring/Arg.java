package io.eventengine.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@link TopicListener} parameter to the message's positional argument at {@link #value()} (from 0). A message
 * with fewer arguments fails the call (a handler failure, counted).
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Arg {
    /** The argument's index, from 0. */
    int value();
}
