package io.eventengine.nats;

import io.eventengine.core.EventEngine;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.util.List;
import java.util.Map;

/**
 * The second process of {@link TwoProcessTest}: an engine bridged to NATS that publishes {@code count} messages on
 * {@code Remote.<n % 4>}, prints "PUBLISHED" and waits to be killed. Arguments: server url, origin id, count.
 */
public final class RemotePublisher {
    private RemotePublisher() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String origin = args[1];
        int count = Integer.parseInt(args[2]);
        Connection connection = Nats.connect(Options.builder().server(url).build());
        EventEngine engine = EventEngine.create();
        engine.start();
        NatsBridge bridge = NatsBridge.builder(engine, connection)
                .originId(origin)
                .exportTopics("Remote.**")
                .start();
        for (int n = 0; n < count; n++) {
            engine.publish("Remote." + (n % 4), List.of("from " + origin), Map.of("n", n));
        }
        while (bridge.stats().exported() < count) {
            Thread.sleep(5);
        }
        connection.flush(java.time.Duration.ofSeconds(5));
        System.out.println("PUBLISHED " + bridge.stats().exported());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // killed by the test, by pid
    }
}
