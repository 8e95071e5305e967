/**
 * The engine's service interface for adapters: {@link io.eventengine.core.spi.EngineSupport}. Users of the engine do
 * not need it; libraries that bridge the engine to another API (Reactor, coroutines, NATS, metrics) do.
 */
@NullMarked
package io.eventengine.core.spi;

import org.jspecify.annotations.NullMarked;
