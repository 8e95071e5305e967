package io.eventengine.core;

import java.util.List;

/**
 * Statistics of one {@link EventHook} (PyEventEngine's {@code EventHookEx}), as of the moment it was taken.
 *
 * @param topic the hook's topic
 * @param triggers how many messages the hook was triggered with
 * @param calls handler calls, summed over all handlers that have been in the hook
 * @param failures handler calls that threw
 * @param totalNanos wall time of all triggers
 * @param maxNanos the longest single trigger (all handlers for one message)
 * @param handlers per-handler statistics of the handlers now in the hook, in order
 */
public record HookStats(
        Topic topic,
        long triggers,
        long calls,
        long failures,
        long totalNanos,
        long maxNanos,
        List<HandlerStats> handlers) {
    public HookStats {
        handlers = List.copyOf(handlers);
    }
}
