package io.eventengine.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Event data as JSON values, and Python's text forms of them.
 *
 * <p>{@link #normalizeData} deep-copies a map into the JSON value model that a JSON Lines round trip reproduces
 * exactly: {@code String}, {@code Boolean}, {@code null}, {@code Integer} (or {@code Long}, {@code BigInteger} when
 * larger), {@code Double}, unmodifiable lists and unmodifiable insertion-ordered maps with string keys. Anything else
 * goes through the shared Jackson mapper once (java.time values become ISO-8601 strings, records and beans become
 * maps), so an event holds the same values before and after it is saved and loaded.
 */
final class JsonValues {
    /**
     * Deeper nesting is refused whatever the limits (a map or list that contains itself would recurse for ever);
     * {@link RecordCheck} holds added events to the configured {@link RecordLimits#maxNestingDepth()}, which is at
     * most this.
     */
    static final int MAX_DEPTH = RecordLimits.NESTING_DEPTH_CAP;

    private JsonValues() {}

    /** An unmodifiable, insertion-ordered map that is already normalized (so it is never copied again). */
    static final class JsonMap extends AbstractMap<String, @Nullable Object> {
        private final Map<String, @Nullable Object> map;

        JsonMap(LinkedHashMap<String, @Nullable Object> map) {
            this.map = Collections.unmodifiableMap(map);
        }

        @Override
        public Set<Entry<String, @Nullable Object>> entrySet() {
            return map.entrySet();
        }

        @Override
        public @Nullable Object get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }
    }

    /** An unmodifiable list that is already normalized. */
    static final class JsonList extends AbstractList<@Nullable Object> implements RandomAccess {
        private final @Nullable Object[] items;

        JsonList(@Nullable Object[] items) {
            this.items = items;
        }

        @Override
        public @Nullable Object get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }

    static final JsonMap EMPTY = new JsonMap(new LinkedHashMap<>());

    /**
     * A normalized deep copy of {@code data}.
     *
     * @throws IllegalArgumentException naming the key whose value has no JSON form
     */
    static Map<String, @Nullable Object> normalizeData(Map<String, ?> data) {
        if (data instanceof JsonMap json) {
            return json;
        }
        if (data.isEmpty()) {
            return EMPTY;
        }
        return normalizeMap(data, "data", 0);
    }

    private static JsonMap normalizeMap(Map<?, ?> map, String path, int depth) {
        if (map instanceof JsonMap json) {
            return json;
        }
        checkDepth(path, depth);
        LinkedHashMap<String, @Nullable Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            if (key == null) {
                throw new IllegalArgumentException(
                        path + " has a null key; JSON object keys are strings: use a string key");
            }
            String name = key.toString();
            copy.put(name, normalize(entry.getValue(), path + "['" + name + "']", depth + 1));
        }
        return new JsonMap(copy);
    }

    private static JsonList normalizeList(Collection<?> items, String path, int depth) {
        if (items instanceof JsonList json) {
            return json;
        }
        checkDepth(path, depth);
        @Nullable Object[] copy = new Object[items.size()];
        int i = 0;
        for (Object item : items) {
            copy[i] = normalize(item, path + "[" + i + "]", depth + 1);
            i++;
        }
        return new JsonList(copy);
    }

    private static void checkDepth(String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(path + " is nested more than " + MAX_DEPTH
                    + " levels deep (does a map or list contain itself?); flatten the event data");
        }
    }

    static @Nullable Object normalize(@Nullable Object value, String path, int depth) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer) {
            return value;
        }
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Long l) {
            if (l == l.intValue()) {
                return Integer.valueOf(l.intValue()); // (a ?: would widen it back to Long)
            }
            return l;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Float f) {
            // 0.1f as the double 0.1, not 0.10000000149011612: the float's shortest decimal form
            return Double.valueOf(Float.toString(f));
        }
        if (value instanceof BigInteger b) {
            if (b.bitLength() < 32) {
                return b.intValue();
            }
            return b.bitLength() < 64 ? Long.valueOf(b.longValue()) : b;
        }
        if (value instanceof BigDecimal b) {
            return b.doubleValue(); // JSON numbers with a fraction load as doubles, as in Python
        }
        if (value instanceof Number n) { // AtomicLong, LongAdder, DoubleAdder, ...
            boolean integral = n instanceof java.util.concurrent.atomic.AtomicInteger
                    || n instanceof java.util.concurrent.atomic.AtomicLong
                    || n instanceof java.util.concurrent.atomic.LongAdder;
            return integral ? normalize(n.longValue(), path, depth) : (Object) n.doubleValue();
        }
        if (value instanceof Character c) {
            return c.toString();
        }
        if (value instanceof Map<?, ?> map) {
            return normalizeMap(map, path, depth);
        }
        if (value instanceof Collection<?> items) {
            return normalizeList(items, path, depth);
        }
        if (value.getClass().isArray()) {
            int length = java.lang.reflect.Array.getLength(value);
            List<@Nullable Object> items = new java.util.ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                items.add(java.lang.reflect.Array.get(value, i));
            }
            return normalizeList(items, path, depth);
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        JsonNode tree;
        try {
            tree = EventCodec.MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    path + " is a " + value.getClass().getName() + ", which has no JSON form (" + e.getMessage()
                            + "); use strings, numbers, booleans, null, lists, maps, java.time values or"
                            + " Jackson-serializable records and beans",
                    e);
        }
        return fromNode(tree, path, depth);
    }

    /** The JSON value model of a Jackson tree. */
    static @Nullable Object fromNode(JsonNode node, String path, int depth) {
        switch (node.getNodeType()) {
            case OBJECT: {
                checkDepth(path, depth);
                LinkedHashMap<String, @Nullable Object> map = new LinkedHashMap<>(Math.max(4, node.size() * 2));
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    map.put(field.getKey(), fromNode(field.getValue(), path, depth + 1));
                }
                return map.isEmpty() ? EMPTY : new JsonMap(map);
            }
            case ARRAY: {
                checkDepth(path, depth);
                @Nullable Object[] items = new Object[node.size()];
                for (int i = 0; i < items.length; i++) {
                    items[i] = fromNode(node.get(i), path, depth + 1);
                }
                return new JsonList(items);
            }
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            case NUMBER:
                if (node.isIntegralNumber()) {
                    return node.canConvertToInt()
                            ? (Object) node.intValue()
                            : node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
                }
                if (node.isFloat()) {
                    return Double.valueOf(Float.toString(node.floatValue()));
                }
                return node.doubleValue();
            case BINARY:
                return node.asText(); // base64, as Jackson writes byte[]
            case POJO:
                Object pojo = ((POJONode) node).getPojo();
                if (pojo == null) {
                    return null;
                }
                throw new IllegalArgumentException(
                        path + " is a " + pojo.getClass().getName()
                                + ", which has no JSON form; convert it to a string, number, list or map first");
            case NULL:
            case MISSING:
            default:
                return null;
        }
    }

    // ---- Python text forms (Eventure prints data with f"{k}: {v}", i.e. str(v)) -----------------------------

    /** Python's {@code str(value)} for a JSON value. */
    static String pyStr(@Nullable Object value) {
        if (value instanceof String s) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        appendRepr(sb, value);
        return sb.toString();
    }

    /** Python's {@code repr(value)} for a JSON value. */
    static void appendRepr(StringBuilder sb, @Nullable Object value) {
        if (value == null) {
            sb.append("None");
        } else if (value instanceof String s) {
            appendStringRepr(sb, s);
        } else if (value instanceof Boolean b) {
            sb.append(b ? "True" : "False");
        } else if (value instanceof Double d) {
            sb.append(pyFloat(d));
        } else if (value instanceof Float f) {
            sb.append(pyFloat(f.doubleValue()));
        } else if (value instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                appendRepr(sb, e.getKey());
                sb.append(": ");
                appendRepr(sb, e.getValue());
            }
            sb.append('}');
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                appendRepr(sb, list.get(i));
            }
            sb.append(']');
        } else {
            sb.append(value);
        }
    }

    /** Python's {@code repr(str)}: single quotes unless the text has a single quote and no double quote. */
    static void appendStringRepr(StringBuilder sb, String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        sb.append(quote);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (isPrintable(cp)) {
                sb.appendCodePoint(cp);
            } else if (cp <= 0xff) {
                sb.append("\\x").append(hex(cp, 2));
            } else if (cp <= 0xffff) {
                sb.append("\\u").append(hex(cp, 4));
            } else {
                sb.append("\\U").append(hex(cp, 8));
            }
        }
        sb.append(quote);
    }

    private static String hex(int value, int width) {
        String h = Integer.toHexString(value);
        return "0".repeat(Math.max(0, width - h.length())) + h;
    }

    /** Python's {@code str.isprintable} for one code point: not Cc, Cf, Cs, Co, Cn, Zl, Zp, or Zs other than space. */
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    /** Python's {@code str(float)}: {@code nan}, {@code inf}, or {@link #floatRepr}. */
    static String pyFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return floatRepr(d);
    }

    /** How Python's {@code json.dumps} writes a float: {@code NaN}, {@code Infinity}, {@code -Infinity}, or its repr. */
    static String jsonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return floatRepr(d);
    }

    /**
     * Python's {@code repr(float)} of a finite double: the shortest decimal that reads back as the same double, in
     * fixed notation with at least one fractional digit when its decimal exponent is in [-4, 16), otherwise as
     * {@code 1.5e+16} / {@code 1e-05}.
     */
    static String floatRepr(double d) {
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortestDecimal(d);
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = shortest.precision() - shortest.scale() - 1; // of the leading digit
        StringBuilder sb = new StringBuilder(24);
        if (d < 0) {
            sb.append('-');
        }
        if (exponent >= -4 && exponent < 16) {
            if (exponent < 0) {
                sb.append("0.");
                sb.append("0".repeat(-exponent - 1));
                sb.append(digits);
            } else if (digits.length() <= exponent + 1) {
                sb.append(digits);
                sb.append("0".repeat(exponent + 1 - digits.length()));
                sb.append(".0");
            } else {
                sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                sb.append('0');
            }
            sb.append(abs);
        }
        return sb.toString();
    }

    /** The shortest decimal that rounds to {@code d}, the nearest one of that length; trailing zeros stripped. */
    private static BigDecimal shortestDecimal(double d) {
        BigDecimal exact = new BigDecimal(d);
        // Double.toString round-trips; on JDK 17 it is occasionally one digit longer than needed, so try shorter.
        BigDecimal candidate = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int precision = candidate.precision();
        while (precision > 1) {
            BigDecimal shorter = exact.round(new MathContext(precision - 1, RoundingMode.HALF_EVEN));
            if (shorter.doubleValue() != d) {
                break;
            }
            candidate = shorter.stripTrailingZeros();
            precision = candidate.precision();
        }
        BigDecimal nearest =
                exact.round(new MathContext(precision, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        return nearest.doubleValue() == d ? nearest : candidate;
    }
}
