package io.eventengine.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scenario 7, not JMH: the CPU a started contender burns with no traffic. It builds the contender, warms it with
 * 100,000 events (so the JIT is done and the consumer has been busy), lets it settle for 2 s, then reads the process's
 * CPU time across {@code seconds} of silence, summed over its threads from Linux's schedstat (nanoseconds). The JVM's own
 * threads (JIT, GC) are in the figure, as they would be in a user's process; the three busiest are listed to show whose
 * time it is.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.eventengine.benchmarks.IdleCpu CONTENDER [SECONDS]
 * [OUT.jsonl]}; appends one JSON line to OUT when given, and prints it. {@code benchmarks/run.sh} runs it for each
 * contender in a fresh JVM.
 */
public final class IdleCpu {
    private IdleCpu() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: IdleCpu CONTENDER [SECONDS] [OUT.jsonl]");
            System.exit(2);
        }
        String name = args[0];
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        if (seconds < 1) {
            throw new IllegalArgumentException("SECONDS must be >= 1, got " + seconds);
        }
        String line;
        try (Contender contender = Contenders.create(name, 1, 1)) {
            for (int i = 0; i < 100; i++) {
                contender.sendAndAwait(1_000);
            }
            Thread.sleep(2_000);
            line = measure(name, seconds);
            contender.checkAccounting();
        }
        System.out.println(line);
        if (args.length > 2) {
            Files.writeString(
                    Path.of(args[2]),
                    line + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        System.exit(0); // peers may leave non-daemon threads behind (scheduler pools); the figure is taken
    }

    private static String measure(String name, int seconds) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, Long> before = taskCpu();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1_000L);
        long cpu1 = os.getProcessCpuTime();
        long t1 = System.nanoTime();
        Map<String, Long> after = taskCpu();
        double wall = t1 - t0;

        long tasksNanos = 0;
        List<Map.Entry<String, Long>> deltas = new ArrayList<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            tasksNanos += delta;
            deltas.add(Map.entry(e.getKey(), delta));
        }
        deltas.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        List<String> busiest = new ArrayList<>();
        for (Map.Entry<String, Long> e : deltas.subList(0, Math.min(3, deltas.size()))) {
            busiest.add(String.format(
                    Locale.ROOT,
                    "{\"thread\":\"%s\",\"percentOfCore\":%.3f}",
                    e.getKey().replaceAll("[\"\\\\]", "'"),
                    100.0 * e.getValue() / wall));
        }
        return String.format(
                Locale.ROOT,
                "{\"contender\":\"%s\",\"seconds\":%.2f,\"percentOfCore\":%.3f,\"source\":\"%s\","
                        + "\"processCpuTimePercent\":%.3f,\"cores\":%d,\"busiestThreads\":[%s]}",
                name,
                wall / 1e9,
                100.0 * (after.isEmpty() ? cpu1 - cpu0 : tasksNanos) / wall,
                after.isEmpty() ? "OperatingSystemMXBean.getProcessCpuTime" : "/proc/self/task/*/schedstat",
                100.0 * (cpu1 - cpu0) / wall,
                Runtime.getRuntime().availableProcessors(),
                String.join(",", busiest));
    }

    /**
     * Nanoseconds on CPU per thread of this process, the JVM's native threads (GC, JIT) included, from Linux's
     * schedstat; keyed "name/tid". Empty where /proc is missing. ({@code getProcessCpuTime} counts in 10 ms ticks on
     * Linux, too coarse for an idle process.)
     */
    private static Map<String, Long> taskCpu() {
        Map<String, Long> cpu = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return cpu;
        }
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) list::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    String run =
                            Files.readString(task.resolve("schedstat")).strip().split(" ")[0];
                    cpu.put(comm + "/" + task.getFileName(), Long.parseLong(run));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked: its time is lost to both readings alike
                }
            }
        } catch (IOException e) {
            cpu.clear();
        }
        return cpu;
    }
}
