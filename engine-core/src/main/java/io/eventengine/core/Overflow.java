package io.eventengine.core;

/**
 * What a subscriber's buffer does when a message arrives and the buffer is full: the same four policies for a Reactor
 * {@code Flux} subscriber and a Kotlin {@code Flow} collector (whose {@code BufferOverflow} maps onto them). The
 * policy is per subscriber: it never affects another subscriber's messages except through {@link #BLOCK}, which holds
 * the engine's single dispatcher by design.
 */
public enum Overflow {
    /**
     * The dispatcher waits until the subscriber frees a slot: the engine's queue fills and producers wait or get
     * {@link QueueFullException}, so backpressure reaches the producers; every other subscriber of the engine waits
     * too. The wait is bounded (each adapter says by what); when it runs out the subscriber fails with {@link
     * SubscriberOverflowException} and is unregistered, and the engine goes on.
     */
    BLOCK,

    /** The subscriber fails at once with {@link SubscriberOverflowException} and is unregistered; others go on. */
    FAIL,

    /** The oldest buffered message is dropped to make room; counted in {@link EngineStats#subscriberDrops()}. */
    DROP_OLDEST,

    /** The new message is dropped; counted in {@link EngineStats#subscriberDrops()}. */
    DROP_LATEST
}
