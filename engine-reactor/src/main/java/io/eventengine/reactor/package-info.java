/**
 * Reactor adapter for the event engine: a cold {@code Flux<MessagePayload>} per topic pattern with a bounded buffer and
 * an {@link io.eventengine.reactor.Overflow overflow policy} per subscriber, {@code Mono} publishing that never blocks
 * the subscribing thread, and the engine's timers as interval Fluxes. Start at {@link
 * io.eventengine.reactor.ReactorEngine}.
 *
 * <p>Everything here is null-marked: a parameter or return value may be null only where it says {@code @Nullable}.
 * Classes under {@code io.eventengine.reactor.internal} are implementation details and may change without notice.
 */
@NullMarked
package io.eventengine.reactor;

import org.jspecify.annotations.NullMarked;
