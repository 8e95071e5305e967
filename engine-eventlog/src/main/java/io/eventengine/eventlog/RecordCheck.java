package io.eventengine.eventlog;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Holds an event about to be added to its log's {@link RecordLimits}, before anything is written: strings, keys and
 * integers one by one, nesting as it goes, and the line as a bound that needs no serializing.
 *
 * <p>The bound is safe: every character of a string is written as at most six bytes ({@code \\uXXXX}), every number and
 * literal in at most its digits plus a sign, every separator in at most four bytes. When the bound is within {@link
 * RecordLimits#maxLineBytes()} the line is too; otherwise the caller measures the real line.
 */
final class RecordCheck {
    /** The record's keys, separators, tick and timestamp: {@code {"tick": ..., "parent_id": ...}} without values. */
    private static final long ENVELOPE = 160;

    private final RecordLimits limits;
    private final List<Object> path = new ArrayList<>();
    private long bound;

    private RecordCheck(RecordLimits limits) {
        this.limits = limits;
    }

    /**
     * Checks an event's strings, keys, integers and nesting against {@code limits}.
     *
     * @param data normalized data (see {@link JsonValues#normalizeData})
     * @return an upper bound of the event's line length in bytes
     * @throws IllegalArgumentException naming the value, the limit, the size found and what to do
     */
    static long check(String type, String id, @Nullable String parentId, Map<String, ?> data, RecordLimits limits) {
        RecordCheck check = new RecordCheck(limits);
        check.string(type, "The event type");
        check.string(id, "The event id");
        if (parentId != null) {
            check.string(parentId, "The parent id");
        }
        check.bound += ENVELOPE;
        check.map(data, 1);
        return check.bound;
    }

    private void value(@Nullable Object value, int depth) {
        if (value instanceof String s) {
            string(s, null);
        } else if (value instanceof Map<?, ?> map) {
            map(map, depth + 1);
        } else if (value instanceof List<?> list) {
            list(list, depth + 1);
        } else if (value instanceof BigInteger b) {
            int digits = b.abs().toString().length();
            if (digits > limits.maxNumberLength()) {
                throw new IllegalArgumentException(limits.refusal(
                        where() + " has", "maxNumberLength", digits, limits.maxNumberLength(), "digits"));
            }
            bound += digits + 1L;
        } else {
            bound += 24; // a boolean, null, an int, a long or a double as Python's repr writes it
        }
    }

    private void map(Map<?, ?> map, int depth) {
        nesting(depth);
        bound += 2;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            path.add(key);
            if (key.length() > limits.maxStringLength()) {
                throw new IllegalArgumentException(limits.refusal(
                        "The key of " + where() + " has",
                        "maxStringLength",
                        key.length(),
                        limits.maxStringLength(),
                        "characters"));
            }
            bound += 6L * key.length() + 4 + 2;
            value(entry.getValue(), depth);
            path.remove(path.size() - 1);
        }
    }

    private void list(List<?> list, int depth) {
        nesting(depth);
        bound += 2;
        for (int i = 0; i < list.size(); i++) {
            path.add(i);
            bound += 2;
            value(list.get(i), depth);
            path.remove(path.size() - 1);
        }
    }

    private void nesting(int depth) {
        if (depth > limits.maxNestingDepth()) {
            throw new IllegalArgumentException(
                    limits.refusal(where() + " nests", "maxNestingDepth", depth, limits.maxNestingDepth(), "levels"));
        }
    }

    private void string(String s, @Nullable String what) {
        if (s.length() > limits.maxStringLength()) {
            throw new IllegalArgumentException(limits.refusal(
                    (what == null ? where() : what) + " has",
                    "maxStringLength",
                    s.length(),
                    limits.maxStringLength(),
                    "characters"));
        }
        bound += 6L * s.length() + 2;
    }

    /** The path of the value being checked, as {@link JsonValues} names values: {@code data['pos'][2]}. */
    private String where() {
        StringBuilder sb = new StringBuilder("data");
        for (Object part : path) {
            if (part instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                sb.append("['").append(part).append("']");
            }
        }
        return sb.toString();
    }
}
