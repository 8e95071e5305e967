package io.eventengine.nats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code {"args":[...],"kwargs":{...}}} with Jackson's default typing: see docs/nats.md for the round-trip table. */
final class JsonMessageCodec implements MessageCodec {
    static final JsonMessageCodec INSTANCE = new JsonMessageCodec();

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonMessageCodec() {}

    @Override
    public byte[] encode(List<@Nullable Object> args, Map<String, @Nullable Object> kwargs) {
        Map<String, Object> body = new LinkedHashMap<>(2);
        if (!args.isEmpty()) {
            body.put("args", args);
        }
        if (!kwargs.isEmpty()) {
            body.put("kwargs", kwargs);
        }
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Cannot encode the message as JSON: " + e.getOriginalMessage()
                            + ". Publish JSON-friendly values (strings, numbers, booleans, lists, maps, beans) or set a"
                            + " MessageCodec on the bridge",
                    e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Decoded decode(byte[] body) {
        Map<String, Object> map;
        try {
            map = body.length == 0 ? Map.of() : mapper.readValue(body, LinkedHashMap.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "The message body is not the bridge's JSON ({\"args\":[...]," + "\"kwargs\":{...}}): "
                            + e.getMessage(),
                    e);
        }
        Object args = map.getOrDefault("args", List.of());
        Object kwargs = map.getOrDefault("kwargs", Map.of());
        if (!(args instanceof List<?> argList) || !(kwargs instanceof Map<?, ?> kwargMap)) {
            throw new IllegalArgumentException(
                    "The message body's \"args\" must be a JSON array and \"kwargs\" an" + " object, got " + map);
        }
        return new Decoded(new ArrayList<>(argList), (Map<String, @Nullable Object>) kwargMap);
    }
}
