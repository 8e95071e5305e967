package io.eventengine.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
