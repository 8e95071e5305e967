package io.eventengine.core;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks handlers deferred to the end of the batch being dispatched (see {@link DispatchLoop#afterBatch}): an
 * adapter that buffers for a consumer on another thread queues each message with one ordered write and wakes its
 * consumer once per batch, not once per message. Used by the dispatching thread only, so plain fields do: the loop's
 * owner CAS hands them from one dispatching thread to the next.
 */
final class AfterBatchTasks {
    private static final Logger LOG = LoggerFactory.getLogger(AfterBatchTasks.class);

    private @Nullable Runnable[] tasks = new Runnable[8];
    private int count;
    private boolean inBatch;

    void begin() {
        inBatch = true;
    }

    /** Queues {@code task} for the end of the batch; false when no batch is being dispatched (run it now). */
    boolean add(Runnable task) {
        if (!inBatch) {
            return false;
        }
        if (count == tasks.length) {
            tasks = Arrays.copyOf(tasks, count * 2);
        }
        tasks[count++] = task;
        return true;
    }

    /** The batch ended: runs what was queued; a task deferred by these tasks runs at once. */
    void end() {
        inBatch = false;
        runNow();
    }

    /** Runs what was queued so far, in order; the batch (if any) goes on. */
    void runNow() {
        // A task may queue another (a handler it calls): read the count afresh, and clear slots as they run.
        for (int i = 0; i < count; i++) {
            Runnable task = tasks[i];
            tasks[i] = null;
            if (task != null) {
                runContained(task);
            }
        }
        count = 0;
    }

    /** Runs a task; like a close callback's, its failure is logged and does not reach the dispatcher. */
    static void runContained(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("An after-batch task ({}) failed; the dispatcher goes on", task, e);
        }
    }
}
