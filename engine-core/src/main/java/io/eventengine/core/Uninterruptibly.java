package io.eventengine.core;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits that must finish (a stop, a close, a put learning its outcome): they go on through interrupts and restore the
 * thread's interrupt status afterwards.
 */
final class Uninterruptibly {
    /** Something to wait for that may be interrupted. */
    interface Waiting {
        void await() throws InterruptedException;
    }

    private Uninterruptibly() {}

    static void await(Waiting waiting) {
        boolean interrupted = false;
        while (true) {
            try {
                waiting.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for {@code latch} until {@code deadlineNanos} ({@link System#nanoTime()} based; 0: for ever).
     *
     * @return whether the latch opened
     */
    static boolean awaitUntil(CountDownLatch latch, long deadlineNanos) {
        if (deadlineNanos == 0) {
            await(latch::await);
            return true;
        }
        boolean[] opened = new boolean[1];
        await(() -> opened[0] = latch.await(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS));
        return opened[0];
    }
}
