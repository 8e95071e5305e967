package io.eventengine.core.internal;

import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * How the library reports a user callback (a hook's handler, a bus subscriber) that threw: the 1st, 10th, 100th...
 * failure of each callback at WARN with its stack trace, the others at DEBUG, so a callback failing on every message
 * cannot flood the log; and an {@link InterruptedException} keeps the thread's interrupt status.
 */
public final class CallbackFailures {
    private CallbackFailures() {}

    /**
     * Reports the {@code count}-th failure of one callback.
     *
     * @param what describes the failure ("Handler h on topic 't' threw while handling seq 7"); built only when logged
     */
    public static void report(Logger logger, Throwable failure, long count, Supplier<String> what) {
        if (failure instanceof InterruptedException) {
            Thread.currentThread().interrupt(); // the callback gave up on it; the thread must still see it
        }
        if (isPowerOfTen(count)) {
            logger.warn(
                    "{} (failure #{} of this callback; failures between powers of ten are logged at DEBUG)",
                    what.get(),
                    count,
                    failure);
        } else if (logger.isDebugEnabled()) {
            logger.debug("{} (failure #{})", what.get(), count, failure);
        }
    }

    static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
