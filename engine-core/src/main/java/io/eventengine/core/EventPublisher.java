package io.eventengine.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The verb family every producer of this library offers, with the same overloads everywhere: {@code publish} waits for
 * room as the options say ({@link #publishOptions()} by default, or the call's own), {@code tryPublish} never waits and
 * returns {@code false} on a full queue, and {@code put} is PyEventEngine's name for {@code publish}. Every verb takes a
 * {@link Topic} or a {@code String} (parsed by {@link Topic#of}), and positional arguments as varargs, or positional
 * arguments and keyword arguments as a {@code List} and a {@code Map}.
 *
 * <p>The arguments are copied when the call is made (a varargs array too), so changing them afterwards changes no
 * message. A call with exactly a {@code List} and a {@code Map} is the args-and-kwargs overload; to publish a list as
 * the one positional argument, use {@code publish(topic, (Object) list)}. One object published alone ({@code
 * publish(topic, quote)}) is a typed message: subscribe to it with {@link EventEngine#register(Topic, Class,
 * TypedHandler)}.
 *
 * <p>Every publish throws {@link IllegalArgumentException} for a pattern topic ({@code Market.Data.{symbol}}): messages go
 * to exact topics, handlers listen on patterns. A publish that gives up throws {@link QueueFullException} and queues
 * nothing; on a closed engine, or when it closes while the publish waits, it throws {@link IllegalStateException}.
 */
public interface EventPublisher {
    /** The options {@code publish} and {@code put} use when the call gives none (the builder's, by default blocking). */
    PublishOptions publishOptions();

    /**
     * Publishes a message with copies of {@code args} and {@code kwargs}, waiting for room as {@code options} say.
     *
     * @throws QueueFullException when the queue stayed full for the options' timeout; nothing was queued
     */
    void publish(Topic topic, List<?> args, Map<String, ?> kwargs, PublishOptions options);

    /**
     * Publishes a message with copies of {@code args} and {@code kwargs} if the queue has room now; never waits.
     *
     * @return whether the message was queued ({@code false}: the queue was full, and nothing was queued)
     */
    boolean tryPublish(Topic topic, List<?> args, Map<String, ?> kwargs);

    // ---- publish --------------------------------------------------------------------------------------------------

    /** Publishes positional {@code args}, waiting as {@link #publishOptions()} say. */
    default void publish(Topic topic, @Nullable Object... args) {
        publish(topic, argList(args), Map.of(), publishOptions());
    }

    /** Same as {@link #publish(Topic, Object...)} on {@link Topic#of}{@code (topic)}. */
    default void publish(String topic, @Nullable Object... args) {
        publish(Topic.of(topic), argList(args), Map.of(), publishOptions());
    }

    /** Publishes {@code args} and {@code kwargs}, waiting as {@link #publishOptions()} say. */
    default void publish(Topic topic, List<?> args, Map<String, ?> kwargs) {
        publish(topic, args, kwargs, publishOptions());
    }

    /** Same as {@link #publish(Topic, List, Map)} on {@link Topic#of}{@code (topic)}. */
    default void publish(String topic, List<?> args, Map<String, ?> kwargs) {
        publish(Topic.of(topic), args, kwargs, publishOptions());
    }

    /** Publishes positional {@code args}, waiting as {@code options} say. */
    default void publish(Topic topic, PublishOptions options, @Nullable Object... args) {
        publish(topic, argList(args), Map.of(), options);
    }

    /** Same as {@link #publish(Topic, PublishOptions, Object...)} on {@link Topic#of}{@code (topic)}. */
    default void publish(String topic, PublishOptions options, @Nullable Object... args) {
        publish(Topic.of(topic), argList(args), Map.of(), options);
    }

    /** Same as {@link #publish(Topic, List, Map, PublishOptions)} on {@link Topic#of}{@code (topic)}. */
    default void publish(String topic, List<?> args, Map<String, ?> kwargs, PublishOptions options) {
        publish(Topic.of(topic), args, kwargs, options);
    }

    // ---- tryPublish -----------------------------------------------------------------------------------------------

    /** Publishes positional {@code args} if the queue has room now; never waits. */
    default boolean tryPublish(Topic topic, @Nullable Object... args) {
        return tryPublish(topic, argList(args), Map.of());
    }

    /** Same as {@link #tryPublish(Topic, Object...)} on {@link Topic#of}{@code (topic)}. */
    default boolean tryPublish(String topic, @Nullable Object... args) {
        return tryPublish(Topic.of(topic), argList(args), Map.of());
    }

    /** Same as {@link #tryPublish(Topic, List, Map)} on {@link Topic#of}{@code (topic)}. */
    default boolean tryPublish(String topic, List<?> args, Map<String, ?> kwargs) {
        return tryPublish(Topic.of(topic), args, kwargs);
    }

    // ---- put: PyEventEngine's name for publish ---------------------------------------------------------------------

    /** PyEventEngine's {@code put(topic, *args)}: the same as {@link #publish(Topic, Object...)}. */
    default void put(Topic topic, @Nullable Object... args) {
        publish(topic, argList(args), Map.of(), publishOptions());
    }

    /** PyEventEngine's {@code put(topic, *args)}: the same as {@link #publish(String, Object...)}. */
    default void put(String topic, @Nullable Object... args) {
        publish(Topic.of(topic), argList(args), Map.of(), publishOptions());
    }

    /** PyEventEngine's {@code put(topic, *args, **kwargs)}: the same as {@link #publish(Topic, List, Map)}. */
    default void put(Topic topic, List<?> args, Map<String, ?> kwargs) {
        publish(topic, args, kwargs, publishOptions());
    }

    /** PyEventEngine's {@code put(topic, *args, **kwargs)}: the same as {@link #publish(String, List, Map)}. */
    default void put(String topic, List<?> args, Map<String, ?> kwargs) {
        publish(Topic.of(topic), args, kwargs, publishOptions());
    }

    /**
     * PyEventEngine's {@code put(topic, *args, block=, max_spin=, timeout=)}: the same as {@link #publish(Topic,
     * PublishOptions, Object...)}; see {@link PublishOptions} for how the Python arguments read.
     */
    default void put(Topic topic, PublishOptions options, @Nullable Object... args) {
        publish(topic, argList(args), Map.of(), options);
    }

    /** The same as {@link #publish(String, PublishOptions, Object...)}. */
    default void put(String topic, PublishOptions options, @Nullable Object... args) {
        publish(Topic.of(topic), argList(args), Map.of(), options);
    }

    /** The same as {@link #publish(Topic, List, Map, PublishOptions)}. */
    default void put(Topic topic, List<?> args, Map<String, ?> kwargs, PublishOptions options) {
        publish(topic, args, kwargs, options);
    }

    /** The same as {@link #publish(String, List, Map, PublishOptions)}. */
    default void put(String topic, List<?> args, Map<String, ?> kwargs, PublishOptions options) {
        publish(Topic.of(topic), args, kwargs, options);
    }

    /**
     * A varargs array as a list view; the primitive verbs copy it. A {@code null} array is what Java passes for a single
     * {@code null} argument written without a cast, so it is read as that one argument.
     */
    private static List<@Nullable Object> argList(@Nullable Object @Nullable [] args) {
        return args == null ? Collections.singletonList(null) : Arrays.asList(args);
    }
}
