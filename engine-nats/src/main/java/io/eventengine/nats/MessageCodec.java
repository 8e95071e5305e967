package io.eventengine.nats;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a message's positional and named arguments into a NATS message body and back. The engine's identity fields
 * (seq id, parent, origin, timestamp) travel in headers, not in the body. {@link #json()} is the default.
 *
 * <p>Called on the dispatcher thread (encode) and on NATS threads (decode), concurrently: implementations are
 * thread-safe.
 */
public interface MessageCodec {
    /** The JSON codec (Jackson): see docs/nats.md for which types round-trip. */
    static MessageCodec json() {
        return JsonMessageCodec.INSTANCE;
    }

    /**
     * The body for {@code args} and {@code kwargs}.
     *
     * @throws IllegalArgumentException when a value cannot be encoded (the message names it)
     */
    byte[] encode(List<@Nullable Object> args, Map<String, @Nullable Object> kwargs);

    /**
     * The arguments of a body written by {@link #encode}.
     *
     * @throws IllegalArgumentException when the body is not such a message
     */
    Decoded decode(byte[] body);

    /** Decoded arguments. */
    record Decoded(List<@Nullable Object> args, Map<String, @Nullable Object> kwargs) {}
}
