package io.eventengine.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SynchronousEngineTest {
    @Test
    void deliversNothingUntilDeliverAllThenEverythingOnTheCallingThread() {
        try (SynchronousEngine sync = SynchronousEngine.create()) {
            List<String> threads = new CopyOnWriteArrayList<>();
            MessageRecorder seen = new MessageRecorder();
            sync.engine().register("Orders.**", seen);
            sync.engine()
                    .register(
                            "Orders.**", m -> threads.add(Thread.currentThread().getName()));
            sync.engine().publish("Orders.A", 1);
            sync.engine().publish("Orders.B", 2);
            assertEquals(0, seen.count(), "nothing is delivered before deliverAll()");

            assertEquals(2, sync.deliverAll());
            assertEquals(
                    List.of(List.of(1), List.of(2)),
                    seen.messages().stream().map(MessagePayload::args).toList());
            assertEquals(
                    List.of(
                            Thread.currentThread().getName(),
                            Thread.currentThread().getName()),
                    threads);
            assertEquals(0, sync.deliverAll(), "a second call finds nothing left");
        }
    }

    @Test
    void deliversWhatTheHandlersPublishMeanwhile() {
        try (SynchronousEngine sync = SynchronousEngine.of(EventEngine.builder().capacity(8))) {
            EventEngine engine = sync.engine();
            MessageRecorder replies = new MessageRecorder();
            engine.register("Request", m -> engine.publish("Reply", m.get(0)));
            engine.register("Reply", replies);
            engine.publish("Request", "ping");

            assertEquals(2, sync.deliverAll());
            assertEquals(
                    List.of(List.of("ping")),
                    replies.messages().stream().map(MessagePayload::args).toList());
        }
    }

    @Test
    void refusesToDeliverForAStartedOrClosedEngine() {
        SynchronousEngine sync = SynchronousEngine.create();
        sync.engine().start();
        IllegalStateException started = assertThrows(IllegalStateException.class, sync::deliverAll);
        assertTrue(started.getMessage().contains("was started"), started.getMessage());
        sync.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, sync::deliverAll);
        assertTrue(closed.getMessage().contains("is closed"), closed.getMessage());
    }

    @Test
    void closeDeliversWhatIsStillQueued() {
        MessageRecorder seen = new MessageRecorder();
        SynchronousEngine sync = SynchronousEngine.create();
        sync.engine().register("Orders.A", seen);
        sync.engine().publish("Orders.A", 1);
        sync.close();
        assertEquals(1, seen.count());
        assertTrue(sync.engine().isClosed());
    }

    @Test
    void theRecorderWaitsForAStartedEnginesDeliveries() throws InterruptedException {
        try (EventEngine engine = EventEngine.create()) {
            MessageRecorder seen = new MessageRecorder();
            engine.register("Orders.A", seen);
            engine.start();
            engine.publish("Orders.A", 1);
            engine.publish("Orders.A", 2);
            assertEquals(2, seen.awaitCount(2, Duration.ofSeconds(10)).size());
        }
    }

    @Test
    void theRecorderFailsWithWhatArrivedWhenTimeRunsOut() {
        MessageRecorder seen = new MessageRecorder();
        seen.handle(MessagePayload.of(io.eventengine.core.Topic.of("Orders.A"), 1));
        AssertionError error = assertThrows(AssertionError.class, () -> seen.awaitCount(2, Duration.ofMillis(20)));
        assertTrue(
                error.getMessage().startsWith("expected at least 2 messages within PT0.02S, got 1: "),
                error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> seen.awaitCount(-1, Duration.ZERO));
        assertFalse(seen.toString().isEmpty());
    }
}
