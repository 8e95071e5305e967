package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import io.eventengine.spring.Kwarg;
import io.eventengine.spring.TopicListener;
import io.eventengine.spring.TopicVariable;
import io.eventengine.spring.autoconfigure.EventEngineAutoConfiguration;
import java.util.List;
import java.util.Map;
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
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/**
 * What a {@code @TopicListener} method costs per message against the hand-written handler that does the same work
 * (reads the {@code {symbol}} capture and the {@code price} kwarg), on the harness of {@link SameThreadPutDispatch}:
 * put then dispatch on one thread of a never-started engine, so the difference is the CPU of the call. {@code
 * handler}: a plain {@code EventHandler}; {@code listener}: the starter's reflective call with two bound parameters;
 * {@code listenerPayload}: a listener taking the {@code MessagePayload} only (the call without binding). The engine
 * is the starter's, in a Spring context made for the trial.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ListenerOverhead {
    public static final int BATCH = SameThreadPutDispatch.BATCH;
    static final Topic PATTERN = Topic.of("Market.Data.{symbol}");
    static final Map<String, Object> QUOTE = Map.of("price", 189.5);

    /** What every variant does with the message: sums the price and the symbol's length, so nothing is dead. */
    public static final class Sink {
        double sum;
        long calls;

        void take(String symbol, double price) {
            sum += price + symbol.length();
            calls++;
        }
    }

    public static class Listeners {
        final Sink sink;

        Listeners(Sink sink) {
            this.sink = sink;
        }
    }

    public static class BoundListener extends Listeners {
        BoundListener(Sink sink) {
            super(sink);
        }

        @TopicListener("Market.Data.{symbol}")
        public void quote(@TopicVariable("symbol") String symbol, @Kwarg("price") double price) {
            sink.take(symbol, price);
        }
    }

    public static class PayloadListener extends Listeners {
        PayloadListener(Sink sink) {
            super(sink);
        }

        @TopicListener("Market.Data.{symbol}")
        public void quote(MessagePayload m) {
            sink.take(PATTERN.match(m.topic()).get("symbol"), m.getDouble("price"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(EventEngineAutoConfiguration.class)
    static class Context {}

    @State(Scope.Thread)
    public static class EngineState {
        @Param({"handler", "listener", "listenerPayload"})
        public String call;

        final Sink sink = new Sink();
        AnnotationConfigApplicationContext context;
        EventEngine engine;
        Topic topic;
        long sent;

        @Setup(Level.Trial)
        public void setUp() {
            context = new AnnotationConfigApplicationContext();
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "bench",
                            Map.of(
                                    "eventengine.capacity",
                                    Contender.CAPACITY,
                                    "eventengine.lifecycle.auto-startup",
                                    false)));
            context.register(Context.class);
            switch (call) {
                case "handler" -> {}
                case "listener" -> context.registerBean(BoundListener.class, () -> new BoundListener(sink));
                case "listenerPayload" -> context.registerBean(PayloadListener.class, () -> new PayloadListener(sink));
                default -> throw new IllegalArgumentException("call=" + call);
            }
            context.refresh();
            engine = context.getBean(EventEngine.class);
            if (call.equals("handler")) {
                engine.register(PATTERN, m -> sink.take(PATTERN.match(m.topic()).get("symbol"), m.getDouble("price")));
            }
            topic = Topic.of(SameThreadPutDispatch.TOPIC);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            context.close();
            if (sink.calls != sent) {
                throw new IllegalStateException(call + " handled " + sink.calls + " of " + sent);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int engine(EngineState s) {
        EventEngine engine = s.engine;
        for (int i = 0; i < BATCH; i++) {
            engine.publish(s.topic, List.of(), QUOTE);
        }
        s.sent += BATCH;
        return engine.stop(true, EventEngine.FOREVER);
    }
}
