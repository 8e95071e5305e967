package io.eventengine.eventlog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON Lines records in Eventure's format, read and written with one Jackson mapper configured once.
 *
 * <p>A record is written as Python's {@code json.dumps} writes Eventure's {@code Event.to_json}: keys {@code tick,
 * timestamp, type, data, event_id, parent_id} in that order, {@code ", "} and {@code ": "} separators, non-ASCII
 * escaped as {@code \\uXXXX} (so the file is ASCII and reads the same under any platform encoding), floats in Python's
 * repr ({@code 1700000000.5}, {@code 1e+16}, and {@code NaN}/{@code Infinity} as Python writes them).
 *
 * <p>The mapper registers {@link JavaTimeModule} with dates and durations written as ISO-8601 text ({@code
 * 2026-01-01T10:00:00Z}, {@code PT1S}): that is how {@code java.time} values in event data (engine timer kwargs,
 * for one) become JSON. Reading accepts Python's {@code NaN}/{@code Infinity} and refuses trailing garbage.
 */
final class EventCodec {
    /** The mapper for writing, for converting values, and for reading with the default {@link RecordLimits}. */
    static final ObjectMapper MAPPER = build(RecordLimits.defaults());

    private static final PrettyPrinter PYTHON_SEPARATORS = new PythonSeparators();

    private EventCodec() {}

    /**
     * A mapper that reads records within {@code limits} (Jackson's {@code StreamReadConstraints} set from them), so
     * that what {@link RecordCheck} let a writer add is exactly what reading accepts.
     */
    static ObjectMapper mapperFor(RecordLimits limits) {
        return limits.equals(RecordLimits.defaults()) ? MAPPER : build(limits);
    }

    private static ObjectMapper build(RecordLimits limits) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(limits.streamReadConstraints())
                // the record object, the data map and up to the deepest nesting anyone may configure
                .streamWriteConstraints(StreamWriteConstraints.builder()
                        .maxNestingDepth(RecordLimits.NESTING_DEPTH_CAP + 2)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                .build();
    }

    /** A record that failed to read: the reason says what is wrong, for an error naming the line. */
    static final class BadRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        BadRecordException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The fields of one record; {@code id} is null when the record has no {@code event_id}. */
    record Fields(
            @Nullable String id,
            long tick,
            double timestamp,
            String type,
            Map<String, @Nullable Object> data,
            @Nullable String parentId) {}

    // ---- writing --------------------------------------------------------------------------------------------

    static String toJson(Event event) {
        StringWriter out = new StringWriter(128);
        try {
            write(event, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Writes one record without the line feed. */
    static void write(Event event, Writer out) throws IOException {
        try (JsonGenerator gen = MAPPER.getFactory().createGenerator(out)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.setPrettyPrinter(PYTHON_SEPARATORS);
            gen.writeStartObject();
            gen.writeNumberField("tick", event.tick());
            gen.writeFieldName("timestamp");
            gen.writeNumber(JsonValues.jsonFloat(event.timestamp()));
            gen.writeStringField("type", event.type());
            gen.writeFieldName("data");
            writeValue(gen, event.data());
            gen.writeStringField("event_id", event.id());
            gen.writeFieldName("parent_id");
            if (event.parentId() == null) {
                gen.writeNull();
            } else {
                gen.writeString(event.parentId());
            }
            gen.writeEndObject();
        }
    }

    private static void writeValue(JsonGenerator gen, @Nullable Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof String s) {
            gen.writeString(s);
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (value instanceof Integer i) {
            gen.writeNumber(i);
        } else if (value instanceof Long l) {
            gen.writeNumber(l);
        } else if (value instanceof BigInteger b) {
            gen.writeNumber(b);
        } else if (value instanceof Double d) {
            gen.writeNumber(JsonValues.jsonFloat(d));
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                gen.writeFieldName(String.valueOf(e.getKey()));
                writeValue(gen, e.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof List<?> list) {
            gen.writeStartArray();
            for (Object item : list) {
                writeValue(gen, item);
            }
            gen.writeEndArray();
        } else {
            // not reachable for normalized data; stay correct anyway
            writeValue(gen, JsonValues.normalize(value, "data", 0));
        }
    }

    /** Python's default {@code json.dumps} separators: {@code ", "} between items, {@code ": "} after keys. */
    private static final class PythonSeparators implements PrettyPrinter {
        @Override
        public void writeRootValueSeparator(JsonGenerator gen) {}

        @Override
        public void writeStartObject(JsonGenerator gen) throws IOException {
            gen.writeRaw('{');
        }

        @Override
        public void writeEndObject(JsonGenerator gen, int nrOfEntries) throws IOException {
            gen.writeRaw('}');
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator gen) throws IOException {
            gen.writeRaw(", ");
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator gen) throws IOException {
            gen.writeRaw(": ");
        }

        @Override
        public void writeStartArray(JsonGenerator gen) throws IOException {
            gen.writeRaw('[');
        }

        @Override
        public void writeEndArray(JsonGenerator gen, int nrOfValues) throws IOException {
            gen.writeRaw(']');
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator gen) throws IOException {
            gen.writeRaw(", ");
        }

        @Override
        public void beforeArrayValues(JsonGenerator gen) {}

        @Override
        public void beforeObjectEntries(JsonGenerator gen) {}
    }

    // ---- reading --------------------------------------------------------------------------------------------

    /**
     * Reads one record's fields.
     *
     * @throws BadRecordException naming what is wrong
     */
    static Fields parse(String line) throws BadRecordException {
        return parse(line, MAPPER);
    }

    /**
     * Reads one record's fields with a mapper from {@link #mapperFor}.
     *
     * @throws BadRecordException naming what is wrong
     */
    static Fields parse(String line, ObjectMapper mapper) throws BadRecordException {
        JsonNode root;
        try {
            root = mapper.readTree(line);
        } catch (StreamConstraintsException e) {
            throw new BadRecordException("over the record limits (" + e.getOriginalMessage()
                    + "); read it with the limits it was written with, EventLogOptions.withLimits(RecordLimits...)");
        } catch (JsonProcessingException e) {
            String message = String.valueOf(e.getOriginalMessage());
            int noise = message.indexOf(" (start marker at");
            if (noise < 0) {
                noise = message.indexOf('\n');
            }
            if (noise >= 0) {
                message = message.substring(0, noise);
            }
            String where = e.getLocation() == null
                    ? ""
                    : " at column " + e.getLocation().getColumnNr();
            throw new BadRecordException("not valid JSON" + where + ": " + message);
        } catch (RuntimeException e) { // Jackson's limits (nesting, number length) and the like
            throw new BadRecordException("not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRecordException("not a JSON object, but " + describe(root));
        }
        JsonNode tick = root.get("tick");
        if (tick == null || !tick.isIntegralNumber() || !tick.canConvertToLong() || tick.longValue() < 0) {
            throw new BadRecordException("\"tick\" must be a whole number >= 0, but is " + describe(tick));
        }
        JsonNode timestamp = root.get("timestamp");
        if (timestamp == null || !timestamp.isNumber() || !Double.isFinite(timestamp.doubleValue())) {
            throw new BadRecordException(
                    "\"timestamp\" must be a finite number (seconds since the epoch), but is " + describe(timestamp));
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            throw new BadRecordException("\"type\" must be a string, but is " + describe(type));
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new BadRecordException("\"data\" must be a JSON object, but is " + describe(data));
        }
        String id = optionalString(root, "event_id");
        if (id != null && id.isEmpty()) {
            throw new BadRecordException("\"event_id\" must not be empty");
        }
        String parentId = optionalString(root, "parent_id");
        Map<String, @Nullable Object> values;
        try {
            @SuppressWarnings("unchecked")
            Map<String, @Nullable Object> map = (Map<String, @Nullable Object>) JsonValues.fromNode(data, "data", 0);
            values = map;
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(e.getMessage());
        }
        return new Fields(
                id,
                tick.longValue(),
                timestamp.doubleValue(),
                type.textValue(),
                values,
                parentId == null || parentId.isEmpty() ? null : parentId);
    }

    private static @Nullable String optionalString(JsonNode root, String key) throws BadRecordException {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new BadRecordException("\"" + key + "\" must be a string or null, but is " + describe(node));
        }
        return node.textValue();
    }

    private static String describe(@Nullable JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        String text = node.toString();
        if (text.length() > 40) {
            text = text.substring(0, 40) + "...";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + text;
    }

    static Event parseStandalone(String json) {
        Fields f;
        try {
            f = parse(json);
        } catch (BadRecordException e) {
            throw new IllegalArgumentException("Not an event record: " + e.getMessage(), e);
        }
        if (f.id() == null) {
            throw new IllegalArgumentException("The record has no \"event_id\"; load it with EventLog.read or"
                    + " EventLog.load, which give such records ids");
        }
        return new Event(f.id(), f.tick(), f.timestamp(), f.type(), f.data(), f.parentId());
    }
}
