/**
 * {@link io.eventengine.nats.NatsBridge} attaches an engine to a NATS connection: local publishes on export patterns
 * go out as subjects, subjects on import patterns come in as local publishes, so handlers, Fluxes and Flows see remote
 * and local messages alike. See docs/nats.md.
 */
@NullMarked
package io.eventengine.nats;

import org.jspecify.annotations.NullMarked;
