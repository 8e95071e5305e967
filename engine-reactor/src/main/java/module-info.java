/**
 * The Reactor adapter: {@link io.eventengine.reactor.ReactorEngine} and {@link io.eventengine.reactor.FluxOptions}.
 * It needs the engine's public API and its adapter SPI only, and shows core's, Reactor's and Reactive Streams' types in
 * its own API, so it requires them transitively.
 */
module io.eventengine.reactor {
    requires transitive io.eventengine.core;
    requires transitive reactor.core;
    requires transitive org.reactivestreams;
    requires org.jctools.core;

    exports io.eventengine.reactor;
}
