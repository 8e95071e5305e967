package io.eventengine.reactor;

/**
 * What a {@link ReactorEngine#flux flux} subscriber's buffer does when a message arrives and the buffer is full (the
 * subscriber has not requested enough). The policy is per subscriber: it never affects another subscriber's messages
 * except through {@link #BLOCK}, which holds the engine's single dispatcher by design.
 */
public enum Overflow {
    /**
     * The dispatcher waits (spinning briefly, then parking; no lock held) until the subscriber requests and frees a
     * slot: the engine's queue fills and producers block or get {@link io.eventengine.core.QueueFullException}, so
     * backpressure reaches the producers. Every other subscriber of the engine waits too. The wait is bounded by {@link
     * FluxOptions#blockTimeout()}; when it runs out the subscriber fails with {@link SubscriberOverflowException} and is
     * unregistered, and the engine goes on. A handler that runs on a thread Reactor marks non-blocking (only possible
     * when the engine is driven by hand from such a thread) never waits: there the subscriber fails at once, as with
     * {@link #FAIL}.
     */
    BLOCK,

    /** The subscriber fails at once with {@link SubscriberOverflowException} and is unregistered; others go on. */
    FAIL,

    /**
     * The oldest buffered message is dropped to make room for the new one; counted in {@link
     * io.eventengine.core.EngineStats#subscriberDrops()} and passed to Reactor's discard hook.
     */
    DROP_OLDEST,

    /**
     * The new message is dropped; counted in {@link io.eventengine.core.EngineStats#subscriberDrops()} and passed to
     * Reactor's discard hook.
     */
    DROP_LATEST
}
