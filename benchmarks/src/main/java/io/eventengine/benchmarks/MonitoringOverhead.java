package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import io.eventengine.core.monitoring.EngineMonitoring;
import io.eventengine.core.monitoring.EventSet;
import io.eventengine.core.monitoring.MonitorAction;
import io.eventengine.core.monitoring.MonitoringEvent;
import io.eventengine.core.monitoring.MonitoringTool;
import java.util.concurrent.TimeUnit;
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
 * What monitoring costs per message, on the harness of {@link SameThreadPutDispatch} (put then dispatch on one
 * thread, so the difference is CPU the engine spends, not hand-off noise): {@code off} is an engine with no tool
 * (the sites read the activation word and skip), {@code counting} one tool counting PUBLISH and DISPATCH (what
 * engine-micrometer's counters do), {@code handlers} one tool that also gets HANDLER_START and HANDLER_RETURN (the
 * observation tool's shape). "Free when off" is judged against the code before the monitoring API:
 * {@code SameThreadPutDispatch.engine} of that commit's jar, run interleaved with this one (see docs/benchmarks.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MonitoringOverhead {
    public static final int BATCH = SameThreadPutDispatch.BATCH;

    /** Counts the events it gets, like a metrics binder's counters. */
    static final class CountingTool implements MonitoringTool {
        long published;
        long dispatched;
        long returned;

        @Override
        public MonitorAction onPublish(MessagePayload message) {
            published++;
            return MonitorAction.CONTINUE;
        }

        @Override
        public MonitorAction onDispatch(MessagePayload message, int hooks) {
            dispatched++;
            return MonitorAction.CONTINUE;
        }

        @Override
        public MonitorAction onHandlerReturn(
                io.eventengine.core.EventHook hook,
                io.eventengine.core.EventHandler handler,
                MessagePayload message,
                long nanos) {
            returned++;
            return MonitorAction.CONTINUE;
        }
    }

    @State(Scope.Thread)
    public static class EngineState {
        @Param({"off", "counting", "handlers"})
        public String monitoring;

        final HandledCounter handled = new HandledCounter();
        final CountingTool tool = new CountingTool();
        EventEngine engine;
        Topic topic;
        long sent;

        @Setup(Level.Trial)
        public void setUp() {
            topic = Topic.of(SameThreadPutDispatch.TOPIC);
            engine = EventEngine.builder().capacity(Contender.CAPACITY).build(); // never started
            engine.register(SameThreadPutDispatch.TOPIC, msg -> handled.onEvent((Long) msg.get(0)));
            EventSet events = switch (monitoring) {
                case "off" -> EventSet.NONE;
                case "counting" -> EventSet.of(MonitoringEvent.PUBLISH, MonitoringEvent.DISPATCH);
                case "handlers" ->
                    EventSet.of(
                            MonitoringEvent.PUBLISH,
                            MonitoringEvent.DISPATCH,
                            MonitoringEvent.HANDLER_START,
                            MonitoringEvent.HANDLER_RETURN);
                default -> throw new IllegalArgumentException("monitoring=" + monitoring);
            };
            if (!events.isEmpty()) {
                EngineMonitoring m = engine.monitoring();
                m.useToolId(EngineMonitoring.PROFILER_ID, "bench");
                m.registerCallbacks(EngineMonitoring.PROFILER_ID, tool);
                m.setEvents(EngineMonitoring.PROFILER_ID, events);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.close();
            HandledCounter.check(handled, sent);
            long expected = monitoring.equals("off") ? 0 : sent;
            if (tool.published != expected || tool.dispatched != expected) {
                throw new IllegalStateException("the tool counted " + tool.published + " publishes and "
                        + tool.dispatched + " dispatches of " + expected);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int engine(EngineState s) {
        EventEngine engine = s.engine;
        for (int i = 0; i < BATCH; i++) {
            engine.put(s.topic, Contender.EVENT);
        }
        s.sent += BATCH;
        return engine.stop(true, EventEngine.FOREVER);
    }
}
