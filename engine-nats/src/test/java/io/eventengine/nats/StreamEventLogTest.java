package io.eventengine.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.eventlog.Event;
import io.eventengine.eventlog.EventLog;
import io.eventengine.eventlog.EventRecorder;
import io.eventengine.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An event log kept in a stream: a second connection (another process) rebuilds the same log and cascade. */
@ExtendWith(NatsServerExtension.class)
class StreamEventLogTest {
    @Test
    void aSecondReaderRebuildsTheSameLogWithItsCascades(NatsServer server) throws Exception {
        try (EventEngine engine = EventEngine.create();
                Connection writer = Nats.connect(server);
                Connection reader = Nats.connect(server);
                EventLog log = new EventLog()) {
            writer.jetStreamManagement()
                    .addStream(StreamConfiguration.builder()
                            .name("LOG")
                            .subjects("Log.game")
                            .storageType(StorageType.File)
                            .build());
            engine.register("Game.Attack", m -> engine.publish("Game.Damage", List.of(), Map.of("hp", 3)));
            engine.register("Game.Damage", m -> engine.publish("Game.Check", List.of(), Map.of()));
            EventRecorder recorder = EventRecorder.record(engine, log, "Game.**");
            engine.start();
            for (int i = 0; i < 5; i++) {
                engine.publish("Game.Attack", List.of(), Map.of("round", i));
                long done = 3L * (i + 1);
                Nats.await("round " + i, Duration.ofSeconds(5), () -> recorder.recorded() == done);
                log.advanceTick();
            }
            Nats.await("15 events", Duration.ofSeconds(5), () -> recorder.recorded() == 15);
            StreamEventLog stream = StreamEventLog.of(writer, "LOG", "Log.game");
            assertEquals(15, stream.appendAll(log));
            assertEquals(0, stream.appendAll(log), "appending again stores nothing new");
            assertTrue(stream.append(log.events().get(0)).isDuplicate());

            EventLog rebuilt = StreamEventLog.of(reader, "LOG", "Log.game").load();
            assertEquals(log.events(), rebuilt.events(), "same ids, ticks, timestamps, types, data and parents");
            Event attack = rebuilt.events().get(3);
            assertEquals("Game.Attack", attack.type());
            assertEquals(3, rebuilt.query().cascadeEvents(attack).size(), "attack -> damage -> check");
            assertEquals(
                    log.query().formatEventCascade(true), rebuilt.query().formatEventCascade(true), "same cascades");
            assertThrows(IllegalArgumentException.class, () -> StreamEventLog.of(reader, "LOG", "Log.*"));
        }
    }
}
