package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
import io.eventengine.core.EventHandler;
import io.eventengine.core.Topic;
import io.eventengine.reactor.ReactorEngine;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dispatch throughput over the 10,000 exact topics of {@link RoutingWorkload} (each with a counting hook, 1,000
 * pattern hooks besides) while subscribers come and go: an op is one message published and handled; an invocation
 * publishes one message on every topic and waits until the last is handled.
 *
 * <p>{@code churn}, on a thread of its own, 1,000 times a second (one subscribe and one cancel per millisecond, so one
 * churning subscriber is live at a time):
 *
 * <ul>
 *   <li>{@code none}: no churn, the peer of the others in the same run;
 *   <li>{@code wakeups}: the churning thread wakes 1,000 times a second and subscribes nothing: what the third thread
 *       alone costs the producer and the dispatcher on a 2-core machine;
 *   <li>{@code clients}: the WebFlux/SSE shape, round-robin: a handler on a flowing exact topic, a {@code Flux} on a
 *       pattern others already subscribe to ({@code Venue<v>.Data.{symbol}}: the hook exists, so no route changes),
 *       and a {@code Flux} on a new narrow pattern ({@code Venue<v>.(Data|Trade).Sym<s>}: a new hook whose route
 *       change affects one cached route);
 *   <li>{@code broad}: the worst case, every churner a handler on a new pattern that matches 1,000 flowing topics
 *       ({@code Venue<v>.Data.*}), so each subscribe and each cancel drops 1,000 cached routes;
 *   <li>{@code handlers}, {@code fluxShared}, {@code fluxNew}: each one kind of {@code clients}' churners alone, to see
 *       which costs what;
 *   <li>{@code elsewhere}: the control of {@code clients}: the same churn, on a second engine with the same topics that
 *       carries no traffic. What it costs is the churning work itself on a machine whose two cores the producer and
 *       the dispatcher already fill, not the measured engine's routing; {@code clients} / {@code elsewhere} is the
 *       engine's own share.
 * </ul>
 *
 * <p>Judge it with {@code benchmarks/interleave.sh} (several single-fork rounds, medians): the {@code none} peer alone
 * runs at about 4 or about 12 M/s from one JVM to the next on the 2-core machine, so one fork per value decides nothing.
 *
 * The rate reached is printed at the end of each trial.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(RoutingChurn.BATCH)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class RoutingChurn {
    static final int BATCH = RoutingWorkload.VENUES * RoutingWorkload.SYMBOLS;
    static final long TICK_NANOS = 1_000_000;

    @Param({"none", "wakeups", "clients", "broad", "elsewhere", "handlers", "fluxShared", "fluxNew"})
    public String churn;

    RoutingWorkload workload;
    EventEngine engine;
    /** Written by the dispatcher only. */
    final AtomicLong handled = new AtomicLong();

    long expected;
    volatile boolean running;
    Thread churner;
    long churned;
    long churnStartNanos;

    @Setup(Level.Trial)
    public void setUp() {
        workload = new RoutingWorkload(1_000);
        engine = startedWithHooks("routing-churn", msg -> handled.lazySet(handled.get() + 1));
        if (!churn.equals("none")) {
            running = true;
            churner = new Thread(this::churn, "routing-churner");
            churner.setDaemon(true);
            churner.start();
        }
    }

    private void churn() {
        EventEngine engine = churn.equals("elsewhere")
                ? startedWithHooks("routing-churn-elsewhere", msg -> {}) // the measured engine's twin, idle
                : this.engine;
        ReactorEngine rx = ReactorEngine.of(engine);
        SplittableRandom random = new SplittableRandom(7);
        EventHandler noop = msg -> {};
        boolean broad = churn.equals("broad");
        boolean wakeOnly = churn.equals("wakeups");
        AutoCloseable previous = null;
        long next = System.nanoTime();
        churnStartNanos = next;
        for (int i = 0; running; i++) {
            int v = random.nextInt(RoutingWorkload.VENUES);
            int s = random.nextInt(RoutingWorkload.SYMBOLS);
            AutoCloseable current;
            if (wakeOnly) {
                current = null;
            } else if (broad) {
                current = engine.register("Venue" + v + ".Data.*", noop);
            } else {
                int kind = switch (churn) {
                    case "handlers" -> 0;
                    case "fluxShared" -> 1;
                    case "fluxNew" -> 2;
                    default -> i % 3;
                };
                current = switch (kind) {
                    case 0 -> engine.register(workload.topics[v * RoutingWorkload.SYMBOLS + s], noop);
                    case 1 -> rx.flux("Venue" + v + ".Data.{symbol}").subscribe()::dispose;
                    default -> rx.flux("Venue" + v + ".(Data|Trade).Sym" + s).subscribe()::dispose;
                };
            }
            close(previous);
            previous = current;
            churned++;
            next += TICK_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        close(previous);
        if (engine != this.engine) {
            engine.close();
        }
    }

    /** A started engine with {@code onExact} on every workload topic and a no-op on every workload pattern. */
    private EventEngine startedWithHooks(String name, EventHandler onExact) {
        EventEngine started = EventEngine.builder().name(name).build();
        EventHandler noop = msg -> {};
        for (Topic t : workload.topics) {
            started.register(t, onExact);
        }
        for (Topic p : workload.patterns) {
            started.register(p, noop);
        }
        started.start();
        return started;
    }

    private static void close(AutoCloseable subscription) {
        if (subscription == null) {
            return;
        }
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (churner != null) {
            running = false;
            churner.join();
            double seconds = (System.nanoTime() - churnStartNanos) / 1e9;
            System.out.printf(
                    "%n[RoutingChurn] churn=%s: %.0f subscribe+cancel per second%n", churn, churned / seconds);
        }
        engine.close();
    }

    @Benchmark
    public void dispatch() {
        long target = expected + BATCH;
        Topic[] topics = workload.topics;
        for (int i = 0; i < BATCH; i++) {
            engine.publish(topics[i], i);
        }
        while (handled.get() < target) {
            Thread.onSpinWait();
        }
        expected = target;
    }
}
