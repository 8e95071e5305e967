package io.eventengine.nats;

/**
 * Counters of a {@link NatsBridge} since it started.
 *
 * @param exported local messages sent to NATS (core: handed to the connection; JetStream: acknowledged by the
 *     stream)
 * @param imported NATS messages the local engine accepted
 * @param dropped messages lost on purpose and counted: core imports the local queue had no room for, core exports the
 *     connection refused (closed, or its reconnect buffer full), JetStream exports that were still unacknowledged
 *     when close gave up
 * @param redelivered JetStream messages delivered to an import more than once (the server resent them: their ack was
 *     lost or late)
 * @param acked JetStream imports acknowledged to the server after the local engine accepted them
 * @param pending JetStream exports sent and not yet acknowledged by the stream, right now
 * @param retried JetStream exports sent again (same message id, so the stream stores them once) after a failure or
 *     an ack that did not come within the ack timeout
 * @param undecodable NATS messages on an import subject whose body or subject the bridge could not read (logged)
 */
public record NatsBridgeStats(
        long exported,
        long imported,
        long dropped,
        long redelivered,
        long acked,
        long pending,
        long retried,
        long undecodable) {}
