package io.eventengine.nats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code {"args":[...],"kwargs":{...}}}, streamed: strings, numbers, booleans and null are written and read token by
 * token, and only other values (beans, collections, maps) go through the {@link ObjectMapper} on export, by a
 * generator each thread reuses. The result is
 * what Jackson's untyped binding gives (see docs/nats.md for the round-trip table, pinned by JsonMessageCodecTest)
 * without a {@code Map} around the body on export or a binding context per message on import, which were about a third
 * of the bridge's allocation per message (benchmarks' NatsBridgeThroughput with {@code -prof gc}).
 */
final class JsonMessageCodec implements MessageCodec {
    static final JsonMessageCodec INSTANCE = new JsonMessageCodec();

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonFactory factory = mapper.getFactory();
    private final ThreadLocal<Encoder> encoders = ThreadLocal.withInitial(Encoder::new);

    private JsonMessageCodec() {}

    @Override
    public byte[] encode(List<@Nullable Object> args, Map<String, @Nullable Object> kwargs) {
        Encoder encoder = encoders.get();
        try {
            byte[] body = encoder.encode(args, kwargs);
            if (body.length > Encoder.KEPT_BYTES) {
                encoders.remove(); // a rare big message does not pin its buffer to the thread
            }
            return body;
        } catch (IOException | RuntimeException e) {
            encoders.remove(); // the generator stopped mid-value: the next message gets a fresh one
            if (e instanceof JsonProcessingException json) {
                throw new IllegalArgumentException(
                        "Cannot encode the message as JSON: " + json.getOriginalMessage()
                                + ". Publish JSON-friendly values (strings, numbers, booleans, lists, maps, beans) or"
                                + " set a MessageCodec on the bridge",
                        e);
            }
            if (e instanceof RuntimeException unexpected) {
                throw unexpected;
            }
            throw new IllegalStateException("Writing JSON into memory failed", e);
        }
    }

    /**
     * One thread's generator over a buffer it reuses, so a message costs its body's bytes rather than a generator, an
     * I/O context and a buffer (together about a sixth of the bridge's allocation per JetStream export, profiled with
     * {@code -prof "jfr:configName=profile"} on NatsBridgeThroughput). Bodies are whole root values one after the
     * other, with no separator, cut out of the buffer after each.
     */
    private final class Encoder {
        static final int KEPT_BYTES = 16 * 1024;

        private final ByteArrayBuilder out = new ByteArrayBuilder(256);
        private final JsonGenerator json;

        Encoder() {
            try {
                json = factory.createGenerator(out).setRootValueSeparator(null);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot create a JSON generator over memory", e);
            }
        }

        byte[] encode(List<@Nullable Object> args, Map<String, @Nullable Object> kwargs) throws IOException {
            json.writeStartObject();
            if (!args.isEmpty()) {
                json.writeFieldName("args");
                json.writeStartArray();
                for (Object arg : args) {
                    writeValue(json, arg);
                }
                json.writeEndArray();
            }
            if (!kwargs.isEmpty()) {
                json.writeFieldName("kwargs");
                json.writeStartObject();
                for (Map.Entry<String, @Nullable Object> kwarg : kwargs.entrySet()) {
                    json.writeFieldName(kwarg.getKey());
                    writeValue(json, kwarg.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            json.flush();
            byte[] body = out.toByteArray();
            out.reset();
            return body;
        }
    }

    /** The values Jackson writes as one token, written here without a serializer lookup; the rest by the mapper. */
    private void writeValue(JsonGenerator json, @Nullable Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String s) {
            json.writeString(s);
        } else if (value instanceof Integer i) {
            json.writeNumber(i);
        } else if (value instanceof Long l) {
            json.writeNumber(l);
        } else if (value instanceof Double d) {
            json.writeNumber(d);
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else {
            mapper.writeValue(json, value);
        }
    }

    @Override
    public Decoded decode(byte[] body) {
        if (body.length == 0) {
            return new Decoded(new ArrayList<>(0), Map.of());
        }
        try (JsonParser json = factory.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw notTheBridgesJson("it is not a JSON object");
            }
            List<@Nullable Object> args = null;
            Map<String, @Nullable Object> kwargs = null;
            JsonToken next;
            while ((next = json.nextToken()) == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if ("args".equals(field)) {
                    if (value != JsonToken.START_ARRAY) {
                        throw notTheBridgesJson("\"args\" must be a JSON array, got " + value);
                    }
                    args = readArray(json);
                } else if ("kwargs".equals(field)) {
                    if (value != JsonToken.START_OBJECT) {
                        throw notTheBridgesJson("\"kwargs\" must be a JSON object, got " + value);
                    }
                    kwargs = readObject(json);
                } else {
                    json.skipChildren(); // a field a newer writer added: ignored, as Jackson's binding did
                }
            }
            endOf(next, JsonToken.END_OBJECT);
            if (json.nextToken() != null) {
                throw notTheBridgesJson("more follows its closing '}'");
            }
            return new Decoded(args != null ? args : new ArrayList<>(0), kwargs != null ? kwargs : Map.of());
        } catch (IOException e) {
            throw notTheBridgesJson(e.getMessage());
        }
    }

    private static IllegalArgumentException notTheBridgesJson(String why) {
        return new IllegalArgumentException(
                "The message body is not the bridge's JSON ({\"args\":[...],\"kwargs\":{...}}): " + why);
    }

    /** The array whose START_ARRAY was just read, as Jackson's untyped binding reads it: an ArrayList. */
    private static List<@Nullable Object> readArray(JsonParser json) throws IOException {
        List<@Nullable Object> values = new ArrayList<>();
        JsonToken token;
        while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
            values.add(readValue(json, token));
        }
        return values;
    }

    /** The object whose START_OBJECT was just read: a LinkedHashMap in field order, the last of a repeated key wins. */
    private static Map<String, @Nullable Object> readObject(JsonParser json) throws IOException {
        Map<String, @Nullable Object> values = new LinkedHashMap<>();
        JsonToken next;
        while ((next = json.nextToken()) == JsonToken.FIELD_NAME) {
            String key = json.currentName();
            values.put(key, readValue(json, json.nextToken()));
        }
        endOf(next, JsonToken.END_OBJECT);
        return values;
    }

    /** A truncated body ends in null where the closing token should be. */
    private static void endOf(@Nullable JsonToken token, JsonToken expected) {
        if (token != expected) {
            throw notTheBridgesJson(token == null ? "it ends before its closing '}'" : "unexpected " + token);
        }
    }

    /** Integers as Integer, Long or BigInteger by size and decimals as Double: what the untyped binding returns. */
    private static @Nullable Object readValue(JsonParser json, @Nullable JsonToken token) throws IOException {
        if (token == null) {
            throw notTheBridgesJson("it ends in the middle of a value");
        }
        return switch (token) {
            case VALUE_STRING -> json.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> json.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_ARRAY -> readArray(json);
            case START_OBJECT -> readObject(json);
            default -> throw notTheBridgesJson("unexpected " + token);
        };
    }
}
