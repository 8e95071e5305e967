package io.eventengine.core;

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
}
