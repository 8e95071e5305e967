package io.eventengine.samples.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

/** How the dashboard's tests reach the server under test on its random port: as a client that reads, or one that never does. */
final class DashboardClient {
    static final Duration WAIT = Duration.ofSeconds(20);
    /** The stream's events as the page gets them: JSON objects. */
    static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> SSE =
            new ParameterizedTypeReference<>() {};

    private DashboardClient() {}

    static WebTestClient on(int port) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(WAIT)
                .build();
    }

    /**
     * A stream client that sends its request for {@code path} and never reads a byte of the answer, with a receive
     * buffer of {@code receiveBuffer} bytes, so the server's writes back up soon. Close it to let go.
     */
    static Socket neverReads(int port, String path, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
