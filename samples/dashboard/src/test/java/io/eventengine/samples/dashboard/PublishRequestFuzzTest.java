package io.eventengine.samples.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.eventengine.core.Topic;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes {@link PublishRequest#parse}, the dashboard's publish body parsing. Its contract: it returns a request or
 * throws {@link BadPublishRequestException} with a message; any other exception, or a broken invariant, is a finding.
 *
 * <ul>
 *   <li>{@code parseRawRequest}: the input's first line is the topic, the rest the body. What is accepted has the exact,
 *       interned topic that the text names, holds only the documented value types, cannot be modified, and parses
 *       back to equal args and kwargs once written as JSON again (as the SSE stream writes it).
 *   <li>{@code roundTripGeneratedBody}: args and kwargs made from the fuzz data, written as JSON by Jackson, parse
 *       back to exactly those values.
 * </ul>
 *
 * <p>{@code mvn test} runs both in regression mode on the seeds in {@code PublishRequestFuzzTestInputs/<method>}; run
 * with {@code JAZZER_FUZZ=1} to fuzz (as engine-core's {@code TopicFuzzTest}).
 */
class PublishRequestFuzzTest {
    /** Jackson as Spring's codecs use it untyped: what writes a message back out to an SSE client. */
    private static final JsonMapper WRITER = JsonMapper.builder().build();

    @FuzzTest(maxDuration = "2m")
    void parseRawRequest(byte[] input) {
        int newline = indexOf(input, (byte) '\n');
        String topic = new String(input, 0, newline < 0 ? input.length : newline, StandardCharsets.UTF_8);
        byte[] body = newline < 0 ? new byte[0] : Arrays.copyOfRange(input, newline + 1, input.length);
        PublishRequest request;
        try {
            request = PublishRequest.parse(topic, body);
        } catch (BadPublishRequestException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a refusal without a message");
            return;
        }
        assertTrue(request.topic().isExact(), request.topic()::value);
        assertSame(Topic.of(topic), request.topic());
        checkValue(request.args(), "args");
        checkValue(request.kwargs(), "kwargs");

        byte[] written = WRITER.writeValueAsBytes(Map.of("args", request.args(), "kwargs", request.kwargs()));
        PublishRequest again = PublishRequest.parse(request.topic().value(), written);
        assertSame(request.topic(), again.topic());
        assertEquals(request.args(), again.args(), () -> new String(written, StandardCharsets.UTF_8));
        assertEquals(request.kwargs(), again.kwargs(), () -> new String(written, StandardCharsets.UTF_8));
        assertEquals(
                List.copyOf(request.kwargs().keySet()),
                List.copyOf(again.kwargs().keySet()),
                "kwargs order");
    }

    @FuzzTest(maxDuration = "2m")
    void roundTripGeneratedBody(FuzzedDataProvider data) {
        String topic = "Fuzz." + Integer.toHexString(data.consumeInt());
        List<@Nullable Object> args = new ArrayList<>();
        int argCount = data.consumeInt(0, 8);
        for (int i = 0; i < argCount; i++) {
            args.add(value(data, 3));
        }
        Map<String, @Nullable Object> kwargs = new LinkedHashMap<>();
        int kwargCount = data.consumeInt(0, 8);
        for (int i = 0; i < kwargCount; i++) {
            kwargs.put(data.consumeString(20), value(data, 3));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        boolean argsFirst = data.consumeBoolean();
        if (argsFirst) {
            body.put("args", args);
        }
        body.put("kwargs", kwargs);
        if (!argsFirst) {
            body.put("args", args);
        }
        byte[] json = WRITER.writeValueAsBytes(body);
        PublishRequest request = PublishRequest.parse(topic, json);
        assertSame(Topic.of(topic), request.topic());
        assertEquals(args, request.args(), () -> new String(json, StandardCharsets.UTF_8));
        assertEquals(kwargs, request.kwargs(), () -> new String(json, StandardCharsets.UTF_8));
        assertEquals(List.copyOf(kwargs.keySet()), List.copyOf(request.kwargs().keySet()), "kwargs order");
    }

    /** A JSON value of the Java type parsing must give back: ints that fit are Integers, then Longs, then BigIntegers. */
    private static @Nullable Object value(FuzzedDataProvider data, int depth) {
        switch (data.consumeInt(0, depth > 0 ? 8 : 6)) {
            case 0:
                return null;
            case 1:
                return data.consumeBoolean();
            case 2:
                return data.consumeInt();
            case 3:
                long l = data.consumeLong();
                return l == (int) l ? (Object) (int) l : (Object) l;
            case 4:
                BigInteger big =
                        BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(data.consumeLong(1, 1L << 40)));
                return data.consumeBoolean() ? big : big.negate().subtract(BigInteger.ONE);
            case 5:
                return data.consumeRegularDouble(); // finite: JSON has no NaN or Infinity
            case 6:
                return data.consumeString(40);
            case 7:
                List<@Nullable Object> list = new ArrayList<>();
                int n = data.consumeInt(0, 4);
                for (int i = 0; i < n; i++) {
                    list.add(value(data, depth - 1));
                }
                return list;
            default:
                Map<String, @Nullable Object> map = new LinkedHashMap<>();
                int m = data.consumeInt(0, 4);
                for (int i = 0; i < m; i++) {
                    map.put(data.consumeString(10), value(data, depth - 1));
                }
                return map;
        }
    }

    /** Only the documented types, every number finite, every list and map unmodifiable. */
    @SuppressWarnings("unchecked")
    private static void checkValue(@Nullable Object value, String path) {
        if (value instanceof List<?> list) {
            assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) list).add(0), path);
            for (int i = 0; i < list.size(); i++) {
                checkValue(list.get(i), path + "[" + i + "]");
            }
        } else if (value instanceof Map<?, ?> map) {
            assertThrows(UnsupportedOperationException.class, () -> ((Map<String, Object>) map).put("", 0), path);
            map.forEach((k, v) -> {
                assertTrue(k instanceof String, path);
                checkValue(v, path + "." + k);
            });
        } else if (value instanceof Double d) {
            assertTrue(Double.isFinite(d), path);
        } else {
            assertTrue(
                    value == null
                            || value instanceof String
                            || value instanceof Boolean
                            || value instanceof Integer
                            || value instanceof Long
                            || value instanceof BigInteger,
                    () -> path + " is a " + value.getClass());
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
