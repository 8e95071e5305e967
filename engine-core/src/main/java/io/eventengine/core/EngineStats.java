package io.eventengine.core;

import java.util.List;

/**
 * A snapshot of an engine's counters. Each field is read on its own while the engine runs, so the snapshot is exact
 * only when the engine is quiet.
 *
 * @param published messages accepted into the queue ({@code dispatched + occupancy + abandoned})
 * @param dispatched messages taken off the queue, by the dispatcher or by hand ({@code take}, {@code poll}, {@code
 *     tryPoll})
 * @param handlerFailures handler calls that threw
 * @param rejectedPuts publishes refused for a full queue, one per publish however long it waited: a {@code tryPublish}
 *     that returned false, and a waiting publish that gave up with {@link QueueFullException}. A wait that ends with
 *     the message queued counts none, and so does an adapter's wait for room without a thread (a {@code Mono} publish,
 *     a suspending {@code emit}) however often it retries; it counts one if it gives up at its timeout. A publish
 *     refused because the engine closed, and a cancelled wait, count none. Timer ticks are never counted here.
 * @param timerTicksDropped timer ticks that found the queue full (or the engine closing), each dropped at once
 * @param subscriberDrops messages that adapters' subscribers dropped on overflow ({@link Overflow#DROP_OLDEST}, {@link
 *     Overflow#DROP_LATEST})
 * @param occupancy messages waiting in the queue
 * @param capacity the queue's capacity
 * @param abandoned accepted messages that {@code close()} could not deliver within its timeout: taken off the queue
 *     and never dispatched (a message whose handler did not return is dispatched, not abandoned; close's log names
 *     it); 0 unless close gave up
 * @param handlerStalls handlers reported for holding the dispatcher longer than the stall threshold (see {@code
 *     stallThreshold} on the builder), once per message
 * @param interruptsCleared times the dispatcher found its thread's interrupt flag set after a handler (or while idle)
 *     and cleared it, so it could park
 * @param hooks per-hook and per-handler statistics of the hooks that collect them (see {@code hookStats} on the
 *     builder)
 */
public record EngineStats(
        long published,
        long dispatched,
        long handlerFailures,
        long rejectedPuts,
        long timerTicksDropped,
        long subscriberDrops,
        int occupancy,
        int capacity,
        long abandoned,
        long handlerStalls,
        long interruptsCleared,
        List<HookStats> hooks) {
    public EngineStats {
        hooks = List.copyOf(hooks);
    }
}
