package io.eventengine.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a {@link TopicListener} parameter to the text a named wildcard of the pattern matched, as {@code @PathVariable}
 * does for a URI template: on {@code Market.Data.{symbol}}, {@code @TopicVariable("symbol") String symbol} is {@code
 * "AAPL"} for {@code Market.Data.AAPL}. Every pattern of the listener must capture the name.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TopicVariable {
    /** The wildcard's name. */
    String value();
}
