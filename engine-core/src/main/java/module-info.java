/**
 * The engine: topics, payloads, hooks, the engine and its timers ({@code io.eventengine.core}), its monitoring API
 * ({@code io.eventengine.core.monitoring}), and the service interface adapters use ({@code io.eventengine.core.spi}). {@code io.eventengine.core.internal} is shared with this
 * library's own modules only.
 */
module io.eventengine.core {
    requires transitive org.jspecify;
    requires org.jctools.core;
    requires re2j; // RE2/J 1.8 has no module name of its own; this is the one derived from its jar
    requires org.slf4j;
    requires jdk.jfr;

    exports io.eventengine.core;
    exports io.eventengine.core.monitoring;
    exports io.eventengine.core.spi;
    exports io.eventengine.core.internal to
            io.eventengine.reactor,
            io.eventengine.coroutines,
            io.eventengine.eventlog;
}
