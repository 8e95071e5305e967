package io.eventengine.core;

/**
 * What the dispatcher does when the queue is empty: spin, then yield, then park until a producer wakes it.
 *
 * <p>Parking costs a producer an {@code unpark} (a system call) on the next put and the dispatcher a wake-up latency of
 * some microseconds; spinning costs a core. The default, {@link #backoff()}, spins briefly and then parks, so an idle
 * engine uses no CPU. {@link #busySpin()} never parks: lowest latency, one core burnt for ever.
 *
 * <p>After a batch in which an adapter woke a consumer thread (a Flow collector it resumed, see {@link
 * io.eventengine.core.spi.EngineSupport#consumerWoken()}), the dispatcher skips the spins and starts with the yields:
 * when every core is busy, the thread it just woke gets the dispatcher's core at the first yield instead of after the
 * spins.
 *
 * @param spins empty polls with {@link Thread#onSpinWait()} before yielding
 * @param yields empty polls with {@link Thread#yield()} before parking
 * @param park whether to park after that (false: keep yielding)
 */
public record IdleStrategy(int spins, int yields, boolean park) {
    public IdleStrategy {
        if (spins < 0 || yields < 0) {
            throw new IllegalArgumentException("spins and yields must be >= 0, got " + spins + " and " + yields);
        }
    }

    /** Spin 128 times, yield 8 times, then park: the default. */
    public static IdleStrategy backoff() {
        return new IdleStrategy(128, 8, true);
    }

    /** Park as soon as the queue is empty. */
    public static IdleStrategy parking() {
        return new IdleStrategy(0, 0, true);
    }

    /** Never park: the dispatcher spins on an empty queue and burns a core. */
    public static IdleStrategy busySpin() {
        return new IdleStrategy(Integer.MAX_VALUE, 0, false);
    }
}
