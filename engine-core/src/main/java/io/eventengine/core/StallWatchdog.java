package io.eventengine.core;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a handler that holds the dispatcher longer than the stall threshold, while it still runs (Vert.x's blocked
 * thread checker, for one dispatcher): a WARN with the dispatcher's stack, a count in {@link EngineStats}, and a JFR
 * {@code io.eventengine.HandlerStall} event.
 *
 * <p>It costs the dispatcher nothing beyond the two release stores it makes anyway for {@link DispatchLoop#observeMessage()}:
 * the watchdog samples the message being dispatched a few times per threshold, and a message seen on two samples
 * {@code threshold} apart is a stall. So a stall is reported between one and one and a quarter thresholds after it
 * began, once per message.
 */
final class StallWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(EventEngine.class);
    private static final int STACK_FRAMES = 24;

    private final String engineName;
    private final long thresholdNanos;
    private final DispatchLoop loop;
    private final Monitor monitor;
    private final AtomicLong stalls = new AtomicLong();
    private static final long STOP_WAIT_MILLIS = 1_000;

    private volatile @Nullable Thread watcher;

    StallWatchdog(String engineName, long thresholdNanos, DispatchLoop loop, Monitor monitor) {
        this.engineName = engineName;
        this.thresholdNanos = thresholdNanos;
        this.loop = loop;
        this.monitor = monitor;
    }

    long stalls() {
        return stalls.get();
    }

    /** Starts watching {@code dispatcher} (the engine's thread, or the caller of {@code run()}); off at threshold 0. */
    synchronized void start(Thread dispatcher) {
        if (thresholdNanos == 0 || watcher != null) {
            return;
        }
        Thread t = new Thread(() -> watch(dispatcher), engineName + "-watchdog");
        t.setDaemon(true);
        watcher = t;
        t.start();
    }

    /**
     * Stops watching and waits (at most {@link #STOP_WAIT_MILLIS}, through interrupts) for the watcher thread to end, so
     * that no thread of the engine outlives its {@code stop()} or {@code close()}: the dispatcher calls this on its way
     * out, before close learns that it has exited. Unparked, the watcher ends at once unless it is writing a report.
     */
    synchronized void stop() {
        Thread t = watcher;
        watcher = null;
        if (t != null) {
            LockSupport.unpark(t);
            Uninterruptibly.await(() -> t.join(STOP_WAIT_MILLIS));
        }
    }

    private void watch(Thread dispatcher) {
        Thread me = Thread.currentThread();
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(1), thresholdNanos / 4);
        MessagePayload last = null;
        long since = 0;
        boolean reported = false;
        while (watcher == me) {
            LockSupport.parkNanos(this, period);
            MessagePayload current = loop.observeMessage();
            long now = System.nanoTime();
            if (current == null || current != last) {
                last = current;
                since = now;
                reported = false;
            } else if (!reported && now - since >= thresholdNanos) {
                reported = true;
                report(dispatcher, current, loop.observeHook(), now - since);
            }
        }
    }

    private void report(Thread dispatcher, MessagePayload message, @Nullable EventHook hook, long stalledNanos) {
        StackTraceElement[] stack = dispatcher.getStackTrace();
        String handler = handlerFrame(stack);
        long millis = TimeUnit.NANOSECONDS.toMillis(stalledNanos);
        if ((monitor.active() & Monitor.bit(Monitor.HANDLER_STALL)) != 0) {
            monitor.fireHandlerStall(hook, message, millis, handler, format(stack));
        }
        LOG.warn(
                "Engine '{}': {} has held the dispatcher for at least {} ms (stall threshold {} ms); nothing else is"
                        + " dispatched meanwhile. Dispatcher stack:{}",
                engineName,
                describe(message, hook, handler),
                millis,
                TimeUnit.NANOSECONDS.toMillis(thresholdNanos),
                format(stack));
        stalls.incrementAndGet(); // last: whoever sees the count can find the log line and the event
    }

    /** Names what the dispatcher is doing: "handler X of the hook on 'P' handling seq 7 on 'T'". */
    static String describe(@Nullable MessagePayload message, @Nullable EventHook hook, String handler) {
        if (message == null) {
            return "the dispatcher (between messages)";
        }
        return "handler " + handler + (hook == null ? "" : " of the hook on '" + hook.topic() + "'") + " handling seq "
                + message.seqId() + " on '" + message.topic() + "'";
    }

    /**
     * The handler's own frame: the one just above the innermost frame where {@code EventHook} calls a handler (a live
     * call or a retained replay), skipping a lambda's generated class (it has no source line), so a lambda handler is
     * named by its body's file and line.
     */
    /** The methods of {@link EventHook} that call handlers. */
    private static final Set<String> CALLING_FRAMES = Set.of("trigger", "call", "callMonitored", "deliver");

    static String handlerFrame(StackTraceElement[] stack) {
        for (int i = 1; i < stack.length; i++) {
            if (stack[i].getClassName().equals(EventHook.class.getName())
                    && CALLING_FRAMES.contains(stack[i].getMethodName())) {
                int frame = i - 1;
                while (frame > 0 && stack[frame].getClassName().contains("$$Lambda")) {
                    frame--;
                }
                return stack[frame].toString();
            }
        }
        return "(unknown: the dispatcher is not inside a handler)";
    }

    static String format(StackTraceElement[] stack) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(stack.length, STACK_FRAMES); i++) {
            sb.append("\n\tat ").append(stack[i]);
        }
        if (stack.length > STACK_FRAMES) {
            sb.append("\n\t... ").append(stack.length - STACK_FRAMES).append(" more");
        }
        return sb.toString();
    }
}
