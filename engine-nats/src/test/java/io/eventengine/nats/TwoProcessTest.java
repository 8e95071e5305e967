package io.eventengine.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.test.NatsServer;
import io.nats.client.Connection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A second JVM, started here and killed by pid, publishes through its bridge; this one receives. */
@ExtendWith(NatsServerExtension.class)
class TwoProcessTest {
    @Test
    void aMessagePublishedInAnotherJvmReachesHandlersHere(NatsServer server) throws Exception {
        int count = 400;
        try (EventEngine engine = EventEngine.create();
                Connection connection = Nats.connect(server)) {
            Set<Integer> got = ConcurrentHashMap.newKeySet();
            List<MessagePayload> firsts = new CopyOnWriteArrayList<>();
            engine.register("Remote.{shard}", m -> {
                got.add(m.getInt("n"));
                if (m.getInt("n") == 0) {
                    firsts.add(m);
                }
            });
            engine.start();
            NatsBridge bridge = NatsBridge.builder(engine, connection)
                    .importTopics("Remote.*")
                    .start();
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process child = new ProcessBuilder(
                            java.toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            RemotePublisher.class.getName(),
                            server.url(),
                            "child-jvm",
                            Integer.toString(count))
                    .redirectErrorStream(true)
                    .start();
            try {
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = out.readLine()) != null && !line.startsWith("PUBLISHED")) {
                    seen.append(line).append('\n');
                }
                assertEquals("PUBLISHED " + count, line, "the child's output:\n" + seen);
                Nats.await("all " + count + " from the child", Duration.ofSeconds(20), () -> got.size() == count);
                assertEquals(count, bridge.stats().imported());
                MessagePayload first = firsts.get(0);
                assertEquals("child-jvm", first.origin().engineId());
                assertEquals(List.of("from child-jvm"), first.args());
                assertTrue(child.isAlive(), "the child waits to be killed");
            } finally {
                child.destroyForcibly(); // SIGKILL by pid
                assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            }
            assertFalse(child.isAlive());
        }
    }
}
