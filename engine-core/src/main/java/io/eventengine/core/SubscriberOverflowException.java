package io.eventengine.core;

/**
 * A subscriber (a {@code Flux} subscriber, a {@code Flow} collector) did not keep up: its buffer was full and its
 * {@link Overflow} policy is {@link Overflow#FAIL}, or {@link Overflow#BLOCK} and the wait ran out. The subscriber
 * received what its buffer held, then this error, and was unregistered; the engine and its other subscribers go on.
 */
public final class SubscriberOverflowException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient Topic pattern;
    private final int bufferSize;
    private final Overflow overflow;

    /**
     * An error whose message names the pattern, the buffer size and the policy, followed by {@code advice}.
     *
     * @param pattern the topic (exact or pattern) the subscriber was subscribed to
     * @param bufferSize its buffer size
     * @param overflow its overflow policy
     * @param why what happened, e.g. "was full for 10 s while the dispatcher waited"
     */
    public SubscriberOverflowException(Topic pattern, int bufferSize, Overflow overflow, String why) {
        super("Subscriber of '" + pattern + "' overflowed: its buffer of " + bufferSize + " messages " + why
                + " (policy " + overflow + "), so it fails after the buffered messages and is unregistered; the"
                + " other subscribers and the engine go on. Consume faster, raise the buffer size, or drop with"
                + " Overflow.DROP_OLDEST / DROP_LATEST");
        this.pattern = pattern;
        this.bufferSize = bufferSize;
        this.overflow = overflow;
    }

    /** The topic (exact or pattern) of the subscriber that overflowed. */
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
