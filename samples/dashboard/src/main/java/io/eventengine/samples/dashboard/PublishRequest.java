package io.eventengine.samples.dashboard;

import io.eventengine.core.Topic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code POST /api/publish/{topic}} publishes, parsed from the path's topic and the raw body: a pure function, so
 * {@code PublishRequestFuzzTest} can fuzz it without a server.
 *
 * <p>The body is empty, JSON {@code null}, or a JSON object with the optional fields {@code "args"} (an array, or null
 * for none) and {@code "kwargs"} (an object, or null for none). JSON values become what the engine's other callers
 * pass: strings, booleans, null, {@code Integer}/{@code Long}/{@code BigInteger} for integers, {@code Double} for
 * other numbers, and unmodifiable lists and maps. Everything else is a {@link BadPublishRequestException} naming what
 * was wrong: malformed JSON, another top-level value, an unknown or duplicate field (so a typo such as {@code "kwarg"}
 * is not silently dropped), a field of the wrong type, a number too large for a double, or trailing text.
 *
 * @param topic the exact topic to publish on
 * @param args positional arguments, unmodifiable (may hold nulls)
 * @param kwargs named arguments in body order, unmodifiable (may hold null values)
 */
record PublishRequest(Topic topic, List<@Nullable Object> args, Map<String, @Nullable Object> kwargs) {
    static final String ARGS = "args";
    static final String KWARGS = "kwargs";
    private static final String SHAPE = "{\"args\": [...], \"kwargs\": {...}} (both optional)";

    /** Strict JSON: one value, no duplicate keys; numbers as Jackson reads them untyped (the same as Spring did). */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Parses the topic alone, so the API can refuse a bad topic before it reads the body. */
    static Topic topic(String literal) {
        Topic topic;
        try {
            topic = Topic.of(literal);
        } catch (IllegalArgumentException e) { // TopicSyntaxException: names the topic and the position
            throw new BadPublishRequestException(e.getMessage(), e);
        }
        if (!topic.isExact()) {
            throw new BadPublishRequestException("Cannot publish on the pattern '" + topic
                    + "': publish on an exact topic (no {name}, *, **, (a|b) or /regex/ parts)");
        }
        return topic;
    }

    /**
     * The request for {@code topic} with {@code body} (UTF-8 JSON, possibly empty).
     *
     * @throws BadPublishRequestException when the topic or the body is not as documented above
     */
    static PublishRequest parse(String topic, byte[] body) {
        Topic exact = topic(topic);
        if (isBlank(body)) {
            return new PublishRequest(exact, List.of(), Map.of());
        }
        Object json;
        try {
            json = JSON.readValue(body, Object.class);
        } catch (JacksonException e) {
            throw new BadPublishRequestException(
                    "Bad JSON body: " + e.getOriginalMessage() + at(e) + "; send a JSON object " + SHAPE, e);
        }
        if (json == null) {
            return new PublishRequest(exact, List.of(), Map.of());
        }
        if (!(json instanceof Map<?, ?> fields)) {
            throw new BadPublishRequestException("The body must be a JSON object " + SHAPE + ", not " + describe(json));
        }
        List<@Nullable Object> args = List.of();
        Map<String, @Nullable Object> kwargs = Map.of();
        for (Map.Entry<?, ?> field : fields.entrySet()) {
            String name = (String) field.getKey();
            Object value = field.getValue();
            switch (name) {
                case ARGS -> {
                    if (value != null && !(value instanceof List<?>)) {
                        throw new BadPublishRequestException(
                                "\"args\" must be a JSON array (or null for none), not " + describe(value));
                    }
                    args = value == null ? List.of() : list((List<?>) value, ARGS);
                }
                case KWARGS -> {
                    if (value != null && !(value instanceof Map<?, ?>)) {
                        throw new BadPublishRequestException(
                                "\"kwargs\" must be a JSON object (or null for none), not " + describe(value));
                    }
                    kwargs = value == null ? Map.of() : map((Map<?, ?>) value, KWARGS);
                }
                default ->
                    throw new BadPublishRequestException("Unknown field \"" + shorten(name)
                            + "\" in the body: only \"args\" and \"kwargs\" are read, as in " + SHAPE);
            }
        }
        return new PublishRequest(exact, args, kwargs);
    }

    /** A deep unmodifiable copy, checking every number on the way. */
    private static @Nullable Object value(@Nullable Object value, String path) {
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw new BadPublishRequestException(
                    "The number at " + path + " is too large for a double; send it as a string");
        }
        if (value instanceof List<?> list) {
            return list(list, path);
        }
        if (value instanceof Map<?, ?> map) {
            return map(map, path);
        }
        return value; // String, Boolean, Integer, Long, BigInteger, Double or null: immutable already
    }

    private static List<@Nullable Object> list(List<?> list, String path) {
        if (list.isEmpty()) {
            return List.of();
        }
        List<@Nullable Object> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(value(list.get(i), path + "[" + i + "]"));
        }
        return Collections.unmodifiableList(out); // List.copyOf would refuse JSON nulls
    }

    private static Map<String, @Nullable Object> map(Map<?, ?> map, String path) {
        if (map.isEmpty()) {
            return Map.of();
        }
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put((String) k, value(v, path + "." + shorten((String) k))));
        return Collections.unmodifiableMap(out);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String at(JacksonException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }

    private static String describe(Object json) {
        if (json instanceof List<?>) {
            return "a JSON array";
        }
        if (json instanceof Map<?, ?>) {
            return "a JSON object";
        }
        if (json instanceof String) {
            return "a JSON string";
        }
        if (json instanceof Boolean) {
            return "a JSON boolean";
        }
        return "a JSON number";
    }

    /** Field names come from the client: keep them short in messages. */
    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
