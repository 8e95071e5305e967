package io.eventengine.reactor;

import io.eventengine.core.Topic;

/**
 * A {@link ReactorEngine#flux flux} subscriber did not request fast enough: its buffer was full and its {@link
 * Overflow} policy is {@link Overflow#FAIL}, or {@link Overflow#BLOCK} and the wait ran out. The subscriber was
 * unregistered; the engine and its other subscribers go on.
 */
public final class SubscriberOverflowException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient Topic pattern;
    private final int bufferSize;
    private final Overflow overflow;

    /**
     * @param pattern the topic the subscriber was subscribed to
     * @param bufferSize its buffer size
     * @param overflow its overflow policy
     * @param message what happened and what to do
     */
    public SubscriberOverflowException(Topic pattern, int bufferSize, Overflow overflow, String message) {
        super(message);
        this.pattern = pattern;
        this.bufferSize = bufferSize;
        this.overflow = overflow;
    }

    /** The topic (exact or pattern) of the flux that overflowed. */
    public Topic pattern() {
        return pattern;
    }

    /** The subscriber's buffer size. */
    public int bufferSize() {
        return bufferSize;
    }

    /** The subscriber's overflow policy. */
    public Overflow overflow() {
        return overflow;
    }
}
