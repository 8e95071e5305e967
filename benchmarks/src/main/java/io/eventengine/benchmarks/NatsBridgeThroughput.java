package io.eventengine.benchmarks;

import io.eventengine.core.EventEngine;
import io.eventengine.nats.NatsBridge;
import io.eventengine.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The NATS bridge against raw jnats, through one real {@code nats-server} on loopback (started here, killed by pid at
 * the end), in the same run. An op is one message; an invocation sends {@link #BATCH} and waits for the last.
 *
 * <ul>
 *   <li>{@code bridgedCore}: engine A publishes (one argument), its bridge exports to core NATS, engine B's bridge
 *       imports and B's handler counts. Peer: {@code rawCore}, a jnats publish of an equally small pre-encoded body to
 *       a dispatcher subscription on a second connection that counts.
 *   <li>{@code bridgedJetStream}: engine A publishes, its bridge exports to a stream and the batch ends when the
 *       stream has acknowledged all. Peer: {@code rawPublishAsync}, jnats {@code publishAsync} with a message id,
 *       waiting for every ack.
 * </ul>
 *
 * The stream is in memory and capped, so a long run does not fill the disk; both JetStream peers write to it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(NatsBridgeThroughput.BATCH)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class NatsBridgeThroughput {
    static final int BATCH = 1_000;
    private static final byte[] RAW_BODY = "{\"args\":[42]}".getBytes(StandardCharsets.UTF_8);

    private NatsServer server;
    private Connection out;
    private Connection in;
    private EventEngine a;
    private EventEngine b;
    private NatsBridge exporter;
    private NatsBridge importer;
    private JetStream rawJetStream;
    private Dispatcher rawDispatcher;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong rawReceived = new AtomicLong();
    private long sent;
    private long rawSent;
    private long rawJsSeq;

    @Setup
    public void setUp() throws Exception {
        server = NatsServer.start();
        out = connect();
        in = connect();
        out.jetStreamManagement()
                .addStream(StreamConfiguration.builder()
                        .name("BENCH")
                        .subjects("Durable.>", "RawDurable.>")
                        .storageType(StorageType.Memory)
                        .maxMessages(200_000)
                        .build());
        a = EventEngine.create();
        b = EventEngine.create();
        b.register("Bench.{n}", m -> received.incrementAndGet());
        a.start();
        b.start();
        importer = NatsBridge.builder(b, in).importTopics("Bench.*").start();
        exporter = NatsBridge.builder(a, out)
                .exportTopics("Bench.**")
                .exportToStream("Durable.**")
                .start();
        rawDispatcher = in.createDispatcher(m -> rawReceived.incrementAndGet());
        rawDispatcher.subscribe("Raw.*");
        in.flush(Duration.ofSeconds(5));
        rawJetStream = out.jetStream();
    }

    private Connection connect() throws Exception {
        return Nats.connect(Options.builder()
                .server(server.url())
                .noEcho()
                .errorListener(new ErrorListener() {})
                .build());
    }

    @Benchmark
    public long bridgedCore() {
        for (int i = 0; i < BATCH; i++) {
            a.publish("Bench.1", 42);
        }
        sent += BATCH;
        return awaitCount(received, sent);
    }

    @Benchmark
    public long rawCore() {
        for (int i = 0; i < BATCH; i++) {
            out.publish("Raw.1", RAW_BODY);
        }
        rawSent += BATCH;
        return awaitCount(rawReceived, rawSent);
    }

    /**
     * Not a goal's peer but its diagnosis: {@code rawCore} plus the one header the bridge sends (an {@code EE-Id} of the
     * same length, built per message as the exporter builds it), so the cost of headers in jnats and the server, which
     * the wire format requires, reads apart from the bridge's own work.
     */
    @Benchmark
    public long rawCoreWithHeader() {
        for (int i = 0; i < BATCH; i++) {
            Headers headers = new Headers().put("EE-Id", "bench-a/" + rawSent++ + "/1764900000000");
            out.publish("Raw.1", headers, RAW_BODY);
        }
        return awaitCount(rawReceived, rawSent);
    }

    @Benchmark
    public long bridgedJetStream() {
        long target = exporter.stats().exported() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            a.publish("Durable.1", 42);
        }
        while (exporter.stats().exported() < target) {
            LockSupport.parkNanos(20_000);
        }
        return target;
    }

    @Benchmark
    public long rawPublishAsync() throws Exception {
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            PublishOptions options =
                    PublishOptions.builder().messageId("raw:" + rawJsSeq++).build();
            acks.add(rawJetStream.publishAsync("RawDurable.1", RAW_BODY, options));
        }
        long seq = 0;
        for (CompletableFuture<PublishAck> ack : acks) {
            seq = ack.get().getSeqno();
        }
        return seq;
    }

    /** Core NATS may drop under overload (a slow consumer): a batch that stalls for a second is abandoned, not hung. */
    private static long awaitCount(AtomicLong counter, long target) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        long seen;
        while ((seen = counter.get()) < target && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000);
        }
        return seen;
    }

    @TearDown
    public void tearDown() throws Exception {
        System.out.printf(
                "%nbridge: exported %s, imported %s; raw core: %d of %d received%n",
                exporter.stats(), importer.stats(), rawReceived.get(), rawSent);
        a.close();
        b.close();
        out.close();
        in.close();
        server.close();
    }
}
