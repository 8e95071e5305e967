package io.eventengine.spring.internal;

import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import io.eventengine.spring.Arg;
import io.eventengine.spring.Kwarg;
import io.eventengine.spring.TopicVariable;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.ClassUtils;

/**
 * Produces one listener parameter's value from a message, for one of the listener's patterns. Made once per parameter
 * and pattern at start-up, where everything that can be checked without a message is checked.
 */
abstract class ParameterBinder {
    final MethodParameter parameter;
    private final ConversionService conversions;
    final TypeDescriptor target;
    private final boolean optional;
    private final String what; // made once: a bind must not build text for a message it will not need

    private ParameterBinder(MethodParameter parameter, String what, ConversionService conversions) {
        this.parameter = parameter;
        this.what = what;
        this.conversions = conversions;
        this.optional = parameter.getParameterType() == Optional.class;
        this.target = new TypeDescriptor(optional ? parameter.nestedIfOptional() : parameter);
    }

    /** The value for {@code message}, converted to the parameter's type. */
    abstract @Nullable Object bind(MessagePayload message);

    /**
     * The binder for {@code parameter} on {@code pattern}; {@code position} is the index of the next unannotated
     * positional parameter.
     *
     * @throws IllegalArgumentException naming what cannot be bound
     */
    static ParameterBinder of(MethodParameter parameter, Topic pattern, int position, ConversionService conversions) {
        TopicVariable variable = parameter.getParameterAnnotation(TopicVariable.class);
        Kwarg kwarg = parameter.getParameterAnnotation(Kwarg.class);
        Arg arg = parameter.getParameterAnnotation(Arg.class);
        int annotations = (variable == null ? 0 : 1) + (kwarg == null ? 0 : 1) + (arg == null ? 0 : 1);
        if (annotations > 1) {
            throw new IllegalArgumentException("it has more than one of @TopicVariable, @Kwarg and @Arg: keep one");
        }
        Class<?> type = parameter.getParameterType();
        if (variable != null) {
            return new Variable(parameter, pattern, variable.value(), conversions);
        }
        if (kwarg != null) {
            return new Keyword(parameter, kwarg.value(), kwarg.required(), conversions);
        }
        if (arg != null) {
            if (arg.value() < 0) {
                throw new IllegalArgumentException("@Arg(" + arg.value() + ") is negative: indexes start at 0");
            }
            return new Positional(parameter, arg.value(), false, conversions);
        }
        if (type == MessagePayload.class) {
            return new Whole(parameter, conversions);
        }
        if (type == Topic.class) {
            return new TopicOf(parameter, conversions);
        }
        return new Positional(parameter, position, true, conversions);
    }

    /** Whether this binder consumes one of the unannotated positional slots. */
    boolean takesPosition() {
        return this instanceof Positional p && p.implicit;
    }

    final @Nullable Object convert(@Nullable Object value, MessagePayload message) {
        if (value == null) {
            if (optional) {
                return Optional.empty();
            }
            if (target.isPrimitive()) {
                throw new IllegalArgumentException(what + " of " + message.topic() + " is null, and parameter "
                        + parameter.getParameterIndex() + " is a "
                        + target.getType().getName()
                        + ": declare a wrapper type or an Optional to accept null");
            }
            return null;
        }
        Object converted;
        if (ClassUtils.isAssignableValue(target.getType(), value)) {
            converted = value;
        } else {
            try {
                converted = conversions.convert(value, TypeDescriptor.forObject(value), target);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        what + " of " + message.topic() + " is a "
                                + value.getClass().getName() + " (" + value
                                + ") and cannot become parameter " + parameter.getParameterIndex() + "'s "
                                + target + ": " + e.getMessage(),
                        e);
            }
        }
        return optional ? Optional.ofNullable(converted) : converted;
    }

    private static final class Whole extends ParameterBinder {
        Whole(MethodParameter parameter, ConversionService conversions) {
            super(parameter, "The message", conversions);
        }

        @Override
        MessagePayload bind(MessagePayload message) {
            return message;
        }
    }

    private static final class TopicOf extends ParameterBinder {
        TopicOf(MethodParameter parameter, ConversionService conversions) {
            super(parameter, "The topic", conversions);
        }

        @Override
        Topic bind(MessagePayload message) {
            return message.topic();
        }
    }

    private static final class Variable extends ParameterBinder {
        private final Capture capture;

        Variable(MethodParameter parameter, Topic pattern, String name, ConversionService conversions) {
            super(parameter, "Topic variable '" + name + "'", conversions);
            if (!Capture.exists(pattern, name)) {
                throw new IllegalArgumentException("@TopicVariable(\"" + name + "\") names no wildcard of pattern '"
                        + pattern + "': use a {" + name + "} (or +" + name + ") part there, or another name");
            }
            this.capture = new Capture(pattern, name);
            if (!conversions.canConvert(TypeDescriptor.valueOf(String.class), target)) {
                throw new IllegalArgumentException("@TopicVariable(\"" + name + "\") is text, and the conversion"
                        + " service cannot make a " + target + " of it: declare a String (or a type with a"
                        + " String converter)");
            }
        }

        @Override
        @Nullable
        Object bind(MessagePayload message) {
            return convert(capture.in(message.topic()), message);
        }
    }

    private static final class Keyword extends ParameterBinder {
        private final String name;
        private final boolean required;

        Keyword(MethodParameter parameter, String name, boolean required, ConversionService conversions) {
            super(parameter, "Kwarg '" + name + "'", conversions);
            this.name = name;
            this.required = required;
        }

        @Override
        @Nullable
        Object bind(MessagePayload message) {
            Object value = message.get(name);
            if (value == null && required && !message.contains(name)) { // one lookup when it is there
                throw new IllegalArgumentException("Message on " + message.topic() + " has no kwarg '" + name
                        + "' (it has " + message.kwargs().keySet() + "): publish it, or mark the parameter"
                        + " @Kwarg(value = \"" + name + "\", required = false)");
            }
            return convert(value, message);
        }
    }

    private static final class Positional extends ParameterBinder {
        private final int index;
        final boolean implicit; // unannotated: takes the next positional slot

        Positional(MethodParameter parameter, int index, boolean implicit, ConversionService conversions) {
            super(parameter, "Arg " + index, conversions);
            this.index = index;
            this.implicit = implicit;
        }

        @Override
        @Nullable
        Object bind(MessagePayload message) {
            if (index >= message.argCount()) {
                throw new IllegalArgumentException("Message on " + message.topic() + " has " + message.argCount()
                        + " positional args, and parameter " + parameter.getParameterIndex() + " wants arg "
                        + index + ": publish it, or bind the parameter with @Kwarg");
            }
            return convert(message.get(index), message);
        }
    }
}
