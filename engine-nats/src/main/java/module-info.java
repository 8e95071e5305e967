/**
 * The bridge from an engine to NATS ({@code io.eventengine.nats}): export and import topic patterns, core NATS
 * (at-most-once) or JetStream (at-least-once), causal links across processes.
 */
module io.eventengine.nats {
    requires transitive io.eventengine.core;
    requires transitive io.nats.jnats;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires static io.eventengine.eventlog;
    requires static org.jspecify;

    exports io.eventengine.nats;
}
