package io.eventengine.spring.internal;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventHandler;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import io.eventengine.core.TopicPart;
import io.eventengine.spring.TopicListener;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.springframework.core.CoroutinesUtils;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionService;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * One {@link TopicListener} method, checked at start-up: its patterns, a binder per parameter and pattern, the reply
 * topic and how its results are handled. {@link #register} makes one engine handler per pattern.
 */
final class ListenerMethod {
    private static final boolean REACTOR = ClassUtils.isPresent("reactor.core.publisher.Mono", null);
    private static final boolean ENGINE_REACTOR = ClassUtils.isPresent("io.eventengine.reactor.ReactorEngine", null);

    private final Object bean;
    private final Method method;
    private final String description;
    private final List<Topic> patterns;
    private final List<ParameterBinder[]> binders; // per pattern
    private final @Nullable Topic replyTo;
    private final Result result;
    private final boolean suspending;

    /** How a return value is handled. */
    enum Result {
        NONE,
        VALUE,
        ASYNC
    }

    private ListenerMethod(
            Object bean,
            Method method,
            String description,
            List<Topic> patterns,
            List<ParameterBinder[]> binders,
            @Nullable Topic replyTo,
            Result result,
            boolean suspending) {
        this.bean = bean;
        this.method = method;
        this.description = description;
        this.patterns = patterns;
        this.binders = binders;
        this.replyTo = replyTo;
        this.result = result;
        this.suspending = suspending;
    }

    /**
     * Checks {@code method} of bean {@code beanName}.
     *
     * @throws IllegalArgumentException naming the pattern or parameter that cannot work, and what to do
     */
    static ListenerMethod of(
            Object bean, String beanName, Method method, TopicListener annotation, ConversionService conversions) {
        String description = beanName + "." + method.getName() + "(..)";
        boolean suspending = KotlinDetector.isSuspendingFunction(method);
        if (annotation.value().length == 0) {
            throw new IllegalArgumentException("@TopicListener on " + description + " names no topic pattern:"
                    + " give one, e.g. @TopicListener(\"Market.Data.{symbol}\")");
        }
        List<Topic> patterns = new ArrayList<>();
        for (String literal : annotation.value()) {
            try {
                patterns.add(Topic.of(literal));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "@TopicListener on " + description + ": pattern '" + literal + "' is invalid: "
                                + e.getMessage(),
                        e);
            }
        }
        int count = method.getParameterCount() - (suspending ? 1 : 0); // a suspend method's last is its Continuation
        List<ParameterBinder[]> binders = new ArrayList<>();
        for (Topic pattern : patterns) {
            ParameterBinder[] forPattern = new ParameterBinder[count];
            int position = 0;
            for (int i = 0; i < count; i++) {
                MethodParameter parameter = new MethodParameter(method, i);
                try {
                    forPattern[i] = ParameterBinder.of(parameter, pattern, position, conversions);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "@TopicListener on " + description + ": parameter " + i + " ("
                                    + parameter.getParameterType().getSimpleName() + ") cannot be bound: "
                                    + e.getMessage(),
                            e);
                }
                if (forPattern[i].takesPosition()) {
                    position++;
                }
            }
            binders.add(forPattern);
        }
        Topic replyTo = annotation.replyTo().isEmpty() ? null : replyTopic(annotation.replyTo(), patterns, description);
        Result result = result(method, suspending, replyTo, description);
        ReflectionUtils.makeAccessible(method);
        return new ListenerMethod(
                bean, method, description, List.copyOf(patterns), binders, replyTo, result, suspending);
    }

    private static Topic replyTopic(String literal, List<Topic> patterns, String description) {
        Topic reply;
        try {
            reply = Topic.of(literal);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "@TopicListener on " + description + ": replyTo '" + literal + "' is invalid: " + e.getMessage(),
                    e);
        }
        for (TopicPart part : reply.parts()) {
            if (part instanceof TopicPart.NamedWildcard w) {
                for (Topic pattern : patterns) {
                    if (!Capture.exists(pattern, w.name())) {
                        throw new IllegalArgumentException("@TopicListener on " + description + ": replyTo '"
                                + literal + "' uses {" + w.name() + "}, which pattern '" + pattern
                                + "' does not capture: capture it in every pattern, or name a fixed topic");
                    }
                }
            } else if (!(part instanceof TopicPart.Exact)) {
                throw new IllegalArgumentException("@TopicListener on " + description + ": replyTo '" + literal
                        + "' must be an exact topic (named wildcards of the pattern allowed), but has '"
                        + part.literal()
                        + "'");
            }
        }
        return reply;
    }

    private static Result result(Method method, boolean suspending, @Nullable Topic replyTo, String description) {
        Class<?> type = method.getReturnType();
        boolean async = suspending
                || CompletionStage.class.isAssignableFrom(type)
                || (REACTOR && org.reactivestreams.Publisher.class.isAssignableFrom(type));
        if (async) {
            if (!REACTOR) {
                throw new IllegalArgumentException("@TopicListener on " + description + " returns " + type.getName()
                        + " (or suspends), which needs Reactor: add io.projectreactor:reactor-core"
                        + (suspending ? " and org.jetbrains.kotlinx:kotlinx-coroutines-reactor" : ""));
            }
            if (replyTo != null && !ENGINE_REACTOR) {
                throw new IllegalArgumentException("@TopicListener on " + description + " publishes asynchronous"
                        + " results on '" + replyTo + "', which needs io.eventengine:engine-reactor on the class path"
                        + " (to wait for room without blocking a thread)");
            }
            return Result.ASYNC;
        }
        return type == void.class || type == Void.class ? Result.NONE : Result.VALUE;
    }

    /** Registers one handler per pattern on {@code engine}. */
    void register(EventEngine engine) {
        ReactiveReplies async = result == Result.ASYNC ? new ReactiveReplies(engine, replyTo, description) : null;
        for (int i = 0; i < patterns.size(); i++) {
            engine.register(patterns.get(i), new Handler(patterns.get(i), binders.get(i), engine, async));
        }
    }

    /** Whether a value returned with no reply topic is dropped (worth a start-up warning). */
    boolean dropsReturnValues() {
        return result == Result.VALUE && replyTo == null;
    }

    @Override
    public String toString() {
        return "@TopicListener " + description + " on " + patterns;
    }

    /** The engine handler for one pattern. */
    private final class Handler implements EventHandler {
        private final ParameterBinder[] binders;
        private final EventEngine engine;
        private final @Nullable ReactiveReplies async;
        private final Capture[] replyCaptures; // the {name} parts of replyTo, read from this pattern's topics

        Handler(Topic pattern, ParameterBinder[] binders, EventEngine engine, @Nullable ReactiveReplies async) {
            this.binders = binders;
            this.engine = engine;
            this.async = async;
            List<Capture> captures = new ArrayList<>();
            if (replyTo != null) {
                for (TopicPart part : replyTo.parts()) {
                    if (part instanceof TopicPart.NamedWildcard w) {
                        captures.add(new Capture(pattern, w.name()));
                    }
                }
            }
            this.replyCaptures = captures.toArray(Capture[]::new);
        }

        private @Nullable Topic reply(Topic topic) {
            if (replyTo == null || replyCaptures.length == 0) {
                return replyTo;
            }
            Map<String, @Nullable String> values = new HashMap<>();
            for (Capture capture : replyCaptures) {
                values.put(capture.name, capture.in(topic));
            }
            return replyTo.format(values);
        }

        @Override
        public void handle(MessagePayload message) throws Exception {
            Object[] args = new Object[binders.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = binders[i].bind(message);
            }
            Topic reply = reply(message.topic());
            if (async != null) {
                async.subscribe(
                        suspending ? CoroutinesUtils.invokeSuspendingFunction(method, bean, args) : invoke(args),
                        reply);
                return;
            }
            Object returned = invoke(args);
            if (reply != null && returned != null) {
                engine.publish(reply, returned); // on the dispatcher it never waits: a full queue throws here
            }
        }

        private @Nullable Object invoke(Object[] args) throws Exception {
            try {
                return method.invoke(bean, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
