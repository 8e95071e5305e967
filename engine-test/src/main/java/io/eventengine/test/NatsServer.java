package io.eventengine.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code nats-server} for tests, on a random loopback port, with JetStream limited to what a test needs (a bare
 * {@code -js} would claim 17 GB of memory) and its store in a temporary directory. {@link #start()} waits for the
 * server's ports file; {@link #kill()} kills it by pid (SIGKILL, a crash: nothing is flushed); {@link #restart()}
 * starts it again on the same port with the same store, so clients reconnect and JetStream keeps its streams; {@link
 * #close()} stops it and deletes the store.
 *
 * <pre>{@code
 * try (NatsServer server = NatsServer.start()) {
 *     Connection nats = Nats.connect(server.url());
 * }
 * }</pre>
 *
 * <p>The binary is {@code nats-server} on the PATH or {@code /usr/sbin/nats-server} (Debian's package;
 * {@code scripts/install-nats.sh} installs it), or the one named by the {@code NATS_SERVER} environment variable.
 */
public final class NatsServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern CLIENT_PORT = Pattern.compile("\"nats\"\\s*:\\s*\\[\\s*\"nats://[^\"]*:(\\d+)\"");

    private final Path dir;
    private final String extraConfig;
    private int port;
    private @Nullable Process process;

    private NatsServer(Path dir, String extraConfig) {
        this.dir = dir;
        this.extraConfig = extraConfig;
    }

    /** Starts a server with JetStream (64 MB memory, 256 MB file store). */
    public static NatsServer start() {
        return start("");
    }

    /**
     * Starts a server with JetStream and {@code extraConfig} appended to its configuration (NATS config syntax, e.g.
     * an {@code authorization} block).
     *
     * @throws IllegalStateException when the binary is missing or the server does not come up (with its output)
     */
    public static NatsServer start(String extraConfig) {
        Path dir;
        try {
            dir = Files.createTempDirectory("nats-test-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the NATS server", e);
        }
        NatsServer server = new NatsServer(dir, extraConfig);
        server.launch(-1);
        return server;
    }

    /** {@code nats://127.0.0.1:<port>}. */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** The client port (chosen by the server at the first start, kept on restart). */
    public int port() {
        return port;
    }

    /** The server process's pid, or -1 when it is not running. */
    public long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    /** Whether the server process is alive. */
    public boolean isRunning() {
        return pid() != -1;
    }

    /** Kills the server by pid (SIGKILL) and waits for it to end. */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        waitFor(p);
        process = null;
    }

    /** Starts the server again on the same port and store (after {@link #kill()}). */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("The NATS server (pid " + pid() + ") is running; kill() it first");
        }
        launch(port);
    }

    private void launch(int wantedPort) {
        Path ports = dir.resolve("ports");
        try {
            Files.createDirectories(ports);
            try (Stream<Path> old = Files.list(ports)) {
                for (Path file : old.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            String config = "listen: 127.0.0.1:" + wantedPort + "\n"
                    + "ports_file_dir: \"" + ports + "\"\n"
                    + "jetstream {\n  store_dir: \"" + dir.resolve("js") + "\"\n"
                    + "  max_memory_store: 64MB\n  max_file_store: 256MB\n}\n"
                    + extraConfig + "\n";
            Path conf = dir.resolve("nats.conf");
            Files.writeString(conf, config);
            Path log = dir.resolve("server.log");
            Process p = new ProcessBuilder(binary(), "-c", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            process = p;
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("nats-server exited with " + p.exitValue() + ": " + read(log));
                }
                int found = readPort(ports, p.pid());
                if (found > 0) {
                    port = found;
                    return;
                }
                Thread.sleep(5);
            }
            p.destroyForcibly();
            throw new IllegalStateException(
                    "nats-server wrote no ports file within " + START_TIMEOUT + ": " + read(log));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start nats-server (run scripts/install-nats.sh)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting nats-server", e);
        }
    }

    private static int readPort(Path ports, long pid) throws IOException {
        Path file = ports.resolve("nats-server_" + pid + ".ports");
        if (!Files.exists(file)) {
            return -1;
        }
        Matcher m = CLIENT_PORT.matcher(Files.readString(file, StandardCharsets.UTF_8));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static String binary() {
        String configured = System.getenv("NATS_SERVER");
        if (configured != null && !configured.isEmpty()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nats-server"))) {
                return Path.of(dir, "nats-server").toString();
            }
        }
        if (Files.isExecutable(Path.of("/usr/sbin/nats-server"))) {
            return "/usr/sbin/nats-server";
        }
        throw new IllegalStateException("nats-server is not installed: run scripts/install-nats.sh (apt-get install"
                + " nats-server) or set NATS_SERVER to its path");
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no output)";
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    private static void waitFor(Process p) {
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("nats-server (pid " + p.pid() + ") did not end within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server (by pid) and deletes its store. */
    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
            for (Path file : all) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a leftover temp directory is not worth failing a test for
        }
    }

    @Override
    public String toString() {
        return "NatsServer[" + url() + ", pid " + pid() + "]";
    }
}
