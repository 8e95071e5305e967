package io.eventengine.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventengine.core.EventEngine;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.netty.http.client.HttpClient;

/**
 * 300 SSE clients that read and 20 that never do, on loopback, for about fifteen seconds: every reader keeps receiving
 * the feed, the feed never finds the queue full, and the clients that do not read lose their oldest messages (counted
 * as subscriber drops) instead of making the server buffer for them: the heap grows by less than half of what they were
 * sent (buffering it would take all of it; without any stalled client the heap still moves by tens of MiB between
 * two measurements, so a tighter bound would measure noise). The numbers it logs are the README's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "dashboard.sse.buffer=256")
class DashboardLoadTest {
    private static final Logger log = LoggerFactory.getLogger(DashboardLoadTest.class);
    private static final int READERS = 300;
    private static final int NON_READERS = 20;
    private static final int BURST = 5_000; // messages on Load.Bulk, which only the non-readers subscribe to
    private static final int BURST_BYTES = 2_000;

    @Value("${local.server.port}")
    int port;

    @Autowired
    EventEngine engine;

    @Autowired
    MarketFeed feed;

    @Test
    void threeHundredReadersKeepUpWhileClientsThatNeverReadAreDroppedNotBuffered() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        Disposable.Composite readers = Disposables.composite();
        try {
            for (int i = 0; i < NON_READERS; i++) {
                stalled.add(DashboardClient.neverReads(port, "/api/stream?pattern=Load.**", 1024));
            }
            AtomicLongArray received = new AtomicLongArray(READERS);
            WebClient client = WebClient.builder()
                    .baseUrl("http://127.0.0.1:" + port)
                    .clientConnector(new ReactorClientHttpConnector(HttpClient.newConnection()))
                    .build();
            for (int i = 0; i < READERS; i++) {
                int reader = i;
                readers.add(client.get()
                        .uri("/api/stream?pattern=Market.**")
                        .accept(MediaType.TEXT_EVENT_STREAM)
                        .retrieve()
                        .bodyToFlux(DashboardClient.SSE)
                        .filter(e -> "message".equals(e.event()))
                        .subscribe(e -> received.incrementAndGet(reader)));
            }
            awaitEveryReader(received, Duration.ofSeconds(20));

            long heapBefore = usedHeapAfterGc();
            long dropsBefore = engine.stats().subscriberDrops();
            long feedBefore = feed.published();
            long rejectedBefore = feed.rejected();
            long[] before = snapshot(received);
            long start = System.nanoTime();

            String payload = "x".repeat(BURST_BYTES);
            for (int i = 0; i < BURST; i++) {
                engine.publish("Load.Bulk", i, payload);
                while (engine.occupancy() > 1_024) {
                    Thread.sleep(5); // paced by the dispatcher, so the burst never fills the queue the feed shares
                }
            }
            Thread.sleep(10_000);

            double seconds = (System.nanoTime() - start) / 1e9;
            long[] after = snapshot(received);
            long[] perReader = new long[READERS];
            for (int i = 0; i < READERS; i++) {
                perReader[i] = after[i] - before[i];
            }
            Arrays.sort(perReader);
            long fed = feed.published() - feedBefore;
            long drops = engine.stats().subscriberDrops() - dropsBefore;
            long heapAfter = usedHeapAfterGc();
            long heapGrowth = heapAfter - heapBefore;
            long sentToStalled = (long) NON_READERS * BURST * BURST_BYTES;
            log.info(
                    "SSE load: {} readers + {} non-readers for {} s; feed {} msg/s, rejected {}; per reader min {}"
                            + " median {} msg/s; non-readers dropped {} of {} burst messages; heap after GC {} -> {} MiB"
                            + " with {} MiB sent to clients that never read",
                    READERS,
                    NON_READERS,
                    String.format("%.1f", seconds),
                    Math.round(fed / seconds),
                    feed.rejected() - rejectedBefore,
                    Math.round(perReader[0] / seconds),
                    Math.round(perReader[READERS / 2] / seconds),
                    drops,
                    (long) NON_READERS * BURST,
                    heapBefore >> 20,
                    heapAfter >> 20,
                    sentToStalled >> 20);

            assertThat(feed.rejected() - rejectedBefore)
                    .as("feed puts refused for a full queue")
                    .isZero();
            assertThat(fed).as("the feed kept publishing").isGreaterThan(200);
            assertThat(perReader[0])
                    .as("the slowest reader's messages in the window, against the feed's %d", fed)
                    .isGreaterThanOrEqualTo(fed / 2);
            assertThat(drops)
                    .as("messages dropped for the clients that never read")
                    .isPositive();
            assertThat(heapGrowth)
                    .as("heap growth with %d MiB sent to clients that never read", sentToStalled >> 20)
                    .isLessThan(sentToStalled / 2);
        } finally {
            readers.dispose();
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    private static void awaitEveryReader(AtomicLongArray received, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        for (int i = 0; i < received.length(); i++) {
            while (received.get(i) == 0) {
                assertThat(System.nanoTime() - deadline)
                        .as("reader %d got no message in %s", i, limit)
                        .isNegative();
                Thread.sleep(20);
            }
        }
    }

    private static long[] snapshot(AtomicLongArray counts) {
        long[] out = new long[counts.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = counts.get(i);
        }
        return out;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
