package io.eventengine.core;

/**
 * Statistics of one handler in one {@link EventHook}, as of the moment {@link EventHook#stats()} was called.
 *
 * @param handler the handler
 * @param calls how many messages it was called with
 * @param failures how many of those calls threw
 * @param totalNanos wall time spent in it, summed over calls
 * @param maxNanos the longest single call
 */
public record HandlerStats(EventHandler handler, long calls, long failures, long totalNanos, long maxNanos) {
    /** Mean nanoseconds per call, 0 before the first call. */
    public double meanNanos() {
        return calls == 0 ? 0 : (double) totalNanos / calls;
    }
}
