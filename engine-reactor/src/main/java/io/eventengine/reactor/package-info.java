/**
 * Reactor adapter for the event engine: a cold {@code Flux<MessagePayload>} (or a typed {@code Flux<T>}) per topic
 * pattern with a bounded buffer and an {@link io.eventengine.core.Overflow overflow policy} per subscriber, {@code
 * Mono} publishing that waits for room as {@link io.eventengine.core.PublishOptions} say without blocking a thread, and
 * the engine's timers as interval Fluxes. Start at {@link io.eventengine.reactor.ReactorEngine}; {@link
 * io.eventengine.reactor.FluxOptions} says how a subscriber buffers.
 *
 * <p>This package is the module's whole API: the operators behind the Fluxes and Monos are package-private, and the
 * module {@code io.eventengine.reactor} exports nothing else.
 *
 * <p>Everything here is null-marked: a parameter or return value may be null only where it says {@code @Nullable}.
 */
@NullMarked
package io.eventengine.reactor;

import org.jspecify.annotations.NullMarked;
