package io.eventengine.nats;

/** The NATS server refused what the bridge asked (a subscription, a consumer, a stream lookup); the message says what. */
public final class NatsBridgeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NatsBridgeException(String message, Throwable cause) {
        super(message, cause);
    }

    NatsBridgeException(String message) {
        super(message);
    }
}
