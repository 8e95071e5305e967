package io.eventengine.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers the annotated bean method as a handler of the application's {@code EventEngine} for each topic pattern in
 * {@link #value()}, when the starter's auto-configuration is active.
 *
 * <p>Parameters are bound from the message:
 *
 * <ul>
 *   <li>a {@code MessagePayload}: the message itself; a {@code Topic}: its topic;
 *   <li>{@link TopicVariable @TopicVariable("symbol")}: the text the pattern's {@code {symbol}} (or {@code +symbol})
 *       matched;
 *   <li>{@link Kwarg @Kwarg("price")}: a keyword argument by name;
 *   <li>{@link Arg @Arg(1)}: a positional argument by index; a parameter with none of these takes the next positional
 *       argument, counting only such parameters (so {@code on(String symbol, double price)} reads args 0 and 1).
 * </ul>
 *
 * Values are converted to the parameter's type with Spring's conversion service ({@code 12.5} for a {@code double},
 * {@code "12"} for an {@code int}). A bad pattern, a {@code @TopicVariable} the pattern does not capture, or a type the
 * conversion service cannot produce fails the application's start with a message naming the bean, the method and the
 * parameter. At run time a missing argument or a failed conversion is a handler failure, counted and logged by the
 * engine like any other.
 *
 * <p>The method runs on the engine's dispatcher thread, so it should not block. It may return:
 *
 * <ul>
 *   <li>{@code void}, or {@code null}: nothing more happens;
 *   <li>a value: published as the one positional argument of a message on {@link #replyTo()}, when set (from the
 *       dispatcher, it never waits: a full queue fails the call with {@code QueueFullException});
 *   <li>a {@code Mono}, a {@code Flux} (any Reactive Streams {@code Publisher}) or a {@code CompletionStage}, and a
 *       Kotlin {@code suspend} method: subscribed to at once, off the dispatcher's back; each element is published on
 *       {@link #replyTo()} when set, waiting for room without blocking a thread (this needs {@code engine-reactor}
 *       on the class path). Errors are logged.
 * </ul>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TopicListener {
    /** The topic patterns to handle, in the engine's grammar (exact topics, {@code {name}}, {@code *}, {@code **}...). */
    String[] value();

    /**
     * The exact topic that return values are published on; empty: return values are not published. Named wildcards
     * of the listener's patterns may appear in it and are filled from the message's topic: a listener on {@code
     * Market.Data.{symbol}} may reply to {@code Signals.{symbol}}.
     */
    String replyTo() default "";
}
