package io.eventengine.samples.dashboard;

/**
 * A publish request the dashboard cannot take: a topic that is not a valid exact topic, or a body that is not the
 * documented JSON object. The message names what was wrong and what to send instead; the API answers it with 400.
 */
final class BadPublishRequestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    BadPublishRequestException(String message) {
        super(message);
    }

    BadPublishRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
