package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventHandler;
import io.eventengine.reactor.ReactorEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The subscribing thread of the churn benchmarks ({@link RoutingChurn}, {@link RoutingChurnPaired}): while {@link
 * #churning} it subscribes one subscriber and cancels the previous one every millisecond (1,000 subscribe+cancel a
 * second, one churning subscriber live at a time); otherwise it has cancelled its last one and is parked, so a run
 * with churn switched off is a run without the thread.
 *
 * <p>Its {@code kind}:
 *
 * <ul>
 *   <li>{@code none}: never churns, even when switched on: the A/A control of {@link RoutingChurnPaired}, whose
 *       ratio shows how far two neighbouring seconds differ with nothing changed;
 *   <li>{@code steady}: no churn, but {@code clients}' three kinds of subscriber, one each, subscribed when switched
 *       on and kept: the handler types and the deliveries of {@code clients} without its subscribing and cancelling;
 *   <li>{@code wakeups}: wakes every millisecond and subscribes nothing, what the third thread alone costs the
 *       producer and the dispatcher on a 2-core machine;
 *   <li>{@code clients}: the WebFlux/SSE shape, round-robin: a handler on a flowing exact topic, a {@code Flux} on a
 *       pattern others already subscribe to ({@code Venue<v>.Data.{symbol}}: the hook exists, so no route changes,
 *       and while it lives it receives a tenth of the traffic), and a {@code Flux} on a new narrow pattern ({@code
 *       Venue<v>.(Data|Trade).Sym<s>}: a new hook whose route change affects one cached route);
 *   <li>{@code handlers}, {@code fluxShared}, {@code fluxNew}: each one kind of {@code clients}' churners alone;
 *   <li>{@code broad}: the worst case, every churner a handler on a new pattern that matches 1,000 flowing topics
 *       ({@code Venue<v>.Data.*}), so each subscribe and each cancel changes 1,000 cached routes;
 *   <li>{@code elsewhere}: {@code clients}' churn on a second engine with the same hooks that carries no traffic, the
 *       control for what the churning work costs a machine whose cores are already busy.
 * </ul>
 */
final class Churner implements AutoCloseable {
    static final long TICK_NANOS = 1_000_000;

    private final String kind;
    private final EventEngine engine;
    private final boolean ownsEngine;
    private final RoutingWorkload workload;
    private final Thread thread;

    private volatile boolean churning;
    private volatile boolean closed;
    /** The churner thread's while it runs, read after {@link #close} joined it; so is {@link #churningNanos}. */
    private long churned;

    private long churningNanos;

    Churner(String kind, EventEngine measured, RoutingWorkload workload) {
        if (!kind.matches("none|steady|wakeups|clients|handlers|fluxShared|fluxNew|broad|elsewhere")) {
            throw new IllegalArgumentException("unknown churn kind '" + kind + "'");
        }
        this.kind = kind;
        this.workload = workload;
        this.ownsEngine = kind.equals("elsewhere");
        this.engine = ownsEngine ? workload.startedEngine("routing-churn-elsewhere", msg -> {}) : measured;
        this.thread = new Thread(this::run, "routing-churner");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts or stops churning; stopping cancels the live subscriber before the next tick. */
    void churning(boolean on) {
        churning = on;
        LockSupport.unpark(thread);
    }

    /** Subscribe+cancel pairs per second of churning so far. */
    double rate() {
        return churningNanos == 0 ? 0 : churned / (churningNanos / 1e9);
    }

    private void run() {
        ReactorEngine rx = ReactorEngine.of(engine);
        SplittableRandom random = new SplittableRandom(7);
        EventHandler noop = msg -> {};
        if (kind.equals("steady")) {
            runSteady(rx, noop);
            return;
        }
        AutoCloseable previous = null;
        int i = 0;
        while (!closed) {
            if (!churning || kind.equals("none")) {
                cancel(previous);
                previous = null;
                LockSupport.park(this);
                continue;
            }
            long start = System.nanoTime();
            long next = start;
            while (churning && !closed) {
                AutoCloseable current = subscribe(rx, noop, random, i++);
                cancel(previous);
                previous = current;
                churned++;
                next += TICK_NANOS;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            churningNanos += System.nanoTime() - start;
        }
        cancel(previous);
    }

    private @Nullable AutoCloseable subscribe(ReactorEngine rx, EventHandler noop, SplittableRandom random, int i) {
        int v = random.nextInt(RoutingWorkload.VENUES);
        int s = random.nextInt(RoutingWorkload.SYMBOLS);
        int kindOfClient = switch (kind) {
            case "wakeups" -> -1;
            case "broad" -> 3;
            case "handlers" -> 0;
            case "fluxShared" -> 1;
            case "fluxNew" -> 2;
            default -> i % 3; // clients, elsewhere
        };
        return subscribe(rx, noop, kindOfClient, v, s);
    }

    private @Nullable AutoCloseable subscribe(ReactorEngine rx, EventHandler noop, int kindOfClient, int v, int s) {
        return switch (kindOfClient) {
            case -1 -> null;
            case 0 -> engine.register(workload.topics[v * RoutingWorkload.SYMBOLS + s], noop);
            case 1 -> rx.flux("Venue" + v + ".Data.{symbol}").subscribe()::dispose;
            case 2 -> rx.flux("Venue" + v + ".(Data|Trade).Sym" + s).subscribe()::dispose;
            default -> engine.register("Venue" + v + ".Data.*", noop);
        };
    }

    /** {@code steady}: one client of each kind while switched on, subscribed once and kept. */
    private void runSteady(ReactorEngine rx, EventHandler noop) {
        List<@Nullable AutoCloseable> live = new ArrayList<>();
        while (!closed) {
            if (churning && live.isEmpty()) {
                for (int k = 0; k < 3; k++) {
                    live.add(subscribe(rx, noop, k, 0, 0));
                }
            } else if (!churning) {
                live.forEach(Churner::cancel);
                live.clear();
            }
            LockSupport.park(this);
        }
        live.forEach(Churner::cancel);
    }

    private static void cancel(@Nullable AutoCloseable subscription) {
        if (subscription == null) {
            return;
        }
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        LockSupport.unpark(thread);
        thread.join();
        if (ownsEngine) {
            engine.close();
        }
    }

    @Override
    public String toString() {
        return "churn=" + kind;
    }
}
