package io.eventengine.eventlog;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child process of {@code DurableLogCrashSpec}: appends to a durable log until it is killed, printing {@code ack
 * <id>} on stdout after each {@code add} returned (so every printed id was acknowledged). Before the one large event
 * it prints {@code big}, so the test can aim its kill at a long write.
 *
 * <p>Arguments: the log file, {@code true}/{@code false} for fsync, how many small events come before the large one
 * ({@code -1}: none), and the length of the large event's string.
 */
public final class CrashAppender {
    private CrashAppender() {}

    /** Runs until killed. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        boolean fsync = Boolean.parseBoolean(args[1]);
        int bigAfter = Integer.parseInt(args[2]);
        int bigChars = Integer.parseInt(args[3]);
        PrintStream out = System.out;
        try (EventLog log = EventLog.open(file, EventLogOptions.defaults().withFsync(fsync))) {
            out.println("ready " + log.size());
            out.flush();
            String big = "b".repeat(bigChars);
            for (int i = 0; ; i++) {
                Event added;
                if (i == bigAfter) {
                    out.println("big");
                    out.flush();
                    added = log.add("crash.big", Map.of("i", i, "pad", big));
                } else {
                    added = log.add("crash.append", Map.of("i", i));
                }
                out.println("ack " + added.id());
                out.flush();
            }
        }
    }
}
