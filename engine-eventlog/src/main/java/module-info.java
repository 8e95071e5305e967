/**
 * Event sourcing on top of the engine: events with ticks and causal links, a crash-safe JSON Lines log, replay and
 * cascade queries ({@code io.eventengine.eventlog}).
 */
module io.eventengine.eventlog {
    requires transitive io.eventengine.core;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires org.slf4j;
    requires static org.jspecify;

    exports io.eventengine.eventlog;
}
