package io.eventengine.nats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The round-trip table of docs/nats.md, row by row. */
class JsonMessageCodecTest {
    private final MessageCodec codec = MessageCodec.json();

    public record Quote(String symbol, double price) {}

    private List<Object> roundTrip(Object... args) {
        return codec.decode(codec.encode(new ArrayList<>(Arrays.asList(args)), Map.of()))
                .args();
    }

    @Test
    void scalarsComeBackAsTheirJsonTypes() {
        List<Object> back = roundTrip("s", true, null, 7, 1L << 40, 2.5, 1.5f, new BigDecimal("0.1"));
        assertEquals("s", back.get(0));
        assertEquals(true, back.get(1));
        assertNull(back.get(2));
        assertInstanceOf(Integer.class, back.get(3));
        assertEquals(1L << 40, back.get(4));
        assertEquals(2.5, back.get(5));
        assertEquals(1.5, back.get(6), "a Float comes back as a Double");
        assertEquals(0.1, back.get(7), "a BigDecimal comes back as a Double");
    }

    @Test
    void collectionsAndBeansComeBackAsListsAndOrderedMaps() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("z", 1);
        ordered.put("a", 2);
        List<Object> back = roundTrip(List.of(1, 2), new int[] {3, 4}, ordered, new Quote("AAPL", 189.5));
        assertEquals(List.of(1, 2), back.get(0));
        assertEquals(List.of(3, 4), back.get(1));
        assertEquals(List.of("z", "a"), new ArrayList<>(((Map<?, ?>) back.get(2)).keySet()));
        assertEquals(Map.of("symbol", "AAPL", "price", 189.5), back.get(3), "a record becomes its properties");
    }

    @Test
    void kwargsKeepTheirOrderAndAnEmptyMessageIsEmpty() {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("b", 1);
        kwargs.put("a", "x");
        MessageCodec.Decoded back = codec.decode(codec.encode(List.of(), kwargs));
        assertEquals(List.of("b", "a"), new ArrayList<>(back.kwargs().keySet()));
        assertEquals(List.of(), back.args());
        MessageCodec.Decoded empty = codec.decode(codec.encode(List.of(), Map.of()));
        assertTrue(empty.args().isEmpty() && empty.kwargs().isEmpty());
    }

    @Test
    void valuesWithoutAJsonFormAreRefusedWithTheFix() {
        IllegalArgumentException time =
                assertThrows(IllegalArgumentException.class, () -> codec.encode(List.of(Instant.EPOCH), Map.of()));
        assertTrue(time.getMessage().contains("MessageCodec"), time.getMessage());
        assertThrows(IllegalArgumentException.class, () -> codec.encode(List.of(new Object()), Map.of()));
    }

    @Test
    void aBodyThatIsNotTheBridgesJsonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> codec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(
                IllegalArgumentException.class, () -> codec.decode("{\"args\":{}}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> codec.decode("nope".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theStreamedBodyIsTheBytesJacksonWritesForTheSameMap() throws Exception {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("quote", new Quote("MSFT", 411.25));
        kwargs.put("sizes", List.of(1, 2L << 35, -3.75));
        kwargs.put("nothing", null);
        List<Object> args = Arrays.asList("é\"\\\n", 1.5f, new BigDecimal("12.50"), false, Map.of("k", List.of()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("args", args);
        body.put("kwargs", kwargs);
        assertEquals(
                new String(new ObjectMapper().writeValueAsBytes(body), StandardCharsets.UTF_8),
                new String(codec.encode(args, kwargs), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"args\":[1,-2147483649,123456789012345678901234567890,1e3,0.5,\"x\",true,false,null]}",
                "{\"kwargs\":{\"deep\":[{\"a\":[[]],\"b\":{}},[1,[2,[3]]]],\"k\":1,\"k\":2}}",
                "{\"newer\":{\"x\":[1,{}]},\"args\":[{\"z\":1,\"a\":2}],\"also\":3}",
                "{}"
            })
    void decodingAgreesWithJacksonsUntypedBinding(String json) throws Exception {
        Map<?, ?> jackson = new ObjectMapper().readValue(json, LinkedHashMap.class);
        MessageCodec.Decoded back = codec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(jackson.containsKey("args") ? jackson.get("args") : List.of(), back.args());
        assertEquals(jackson.containsKey("kwargs") ? jackson.get("kwargs") : Map.of(), back.kwargs());
        if (jackson.get("kwargs") instanceof Map<?, ?> deep && deep.containsKey("k")) {
            assertEquals(2, back.kwargs().get("k"), "the last of a repeated key wins");
            assertEquals(List.of("deep", "k"), new ArrayList<>(back.kwargs().keySet()));
        }
        if (json.contains("1234567890123")) {
            assertInstanceOf(Long.class, back.args().get(1));
            assertInstanceOf(BigInteger.class, back.args().get(2));
            assertInstanceOf(Double.class, back.args().get(3));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"args\":[1,2]", "{\"args\":[1,", "{\"kwargs\":{\"a\":1", "{\"args\":[1]}}x{", "{\"a\""})
    void aTruncatedOrBrokenBodyIsRefusedNamingTheFormat(String json) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("not the bridge's JSON"), e.getMessage());
    }

    @Test
    void aFailedOrHugeBodyLeavesTheNextOneOnTheSameThreadIntact() {
        assertThrows(
                IllegalArgumentException.class, () -> codec.encode(List.of("before", Instant.EPOCH), Map.of("k", 1)));
        assertEquals("{\"args\":[\"after\"]}", new String(codec.encode(List.of("after"), Map.of()), UTF_8));
        String huge = "x".repeat(100_000);
        assertEquals(
                List.of(huge),
                codec.decode(codec.encode(List.of(huge), Map.of())).args());
        assertEquals("{\"args\":[1]}", new String(codec.encode(List.of(1), Map.of()), UTF_8));
    }

    @Test
    void threadsEncodingAtOnceEachGetTheirOwnBody() throws Exception {
        int threads = 4;
        int each = 2_000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < each; i++) {
                        Map<String, Object> kwargs = Map.of("t", thread, "i", i);
                        MessageCodec.Decoded back = codec.decode(codec.encode(List.of("m" + i), kwargs));
                        assertEquals(List.of("m" + i), back.args());
                        assertEquals(kwargs, back.kwargs());
                        checked++;
                    }
                    return checked;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : done) {
                assertEquals(each, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
