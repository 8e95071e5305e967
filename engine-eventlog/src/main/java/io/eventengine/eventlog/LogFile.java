package io.eventengine.eventlog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jspecify.annotations.Nullable;

/**
 * The file of a durable log: locked for the log's lifetime, appended one whole line per write, repaired on open (a
 * torn last line is cut off), and rolled back when a write fails so it never ends in a partial line while the log
 * runs. The owning {@link EventLog} serializes calls.
 */
final class LogFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean fsync;
    private long end;
    private @Nullable IOException broken;

    private LogFile(Path path, FileChannel channel, FileLock lock, boolean fsync, long end) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.fsync = fsync;
        this.end = end;
    }

    /** What opening found, with the open file. */
    record Opened(LogFile file, LogReader.Result contents) {}

    static Opened open(Path path, EventLogOptions options) throws IOException {
        boolean fsync = options.fsync();
        boolean existed = Files.exists(path);
        FileChannel channel =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new IOException("Event log file '" + path
                        + "' is already open in this JVM; use that EventLog, or close() it before opening again");
            }
            if (lock == null) {
                throw new IOException("Event log file '" + path
                        + "' is locked by another process; stop that writer first (two writers would interleave"
                        + " lines)");
            }
            try {
                InputStream in = Channels.newInputStream(channel.position(0));
                LogReader.Result contents = LogReader.read(in, path.toString(), options.lenient(), options.limits());
                long end = contents.totalBytes();
                if (end != contents.completeBytes() && !contents.tailNeedsNewline()) {
                    // a torn last line (reported) or trailing blanks: cut them so appends start on a fresh line,
                    // keeping the torn bytes beside the file (they may be all a foreign tool wrote)
                    LoadReport.Problem torn = contents.report().tornLine();
                    if (torn != null) {
                        Path sidecar = preserve(path, channel, contents.completeBytes(), end, fsync);
                        LoadReport report = contents.report();
                        contents = contents.withReport(new LoadReport(
                                report.source(),
                                report.eventsLoaded(),
                                report.skippedLines(),
                                new LoadReport.Problem(
                                        torn.lineNumber(),
                                        torn.reason() + "; cut off the file and appended to '" + sidecar + "'",
                                        torn.excerpt())));
                    }
                    channel.truncate(contents.completeBytes());
                    end = contents.completeBytes();
                    if (fsync) {
                        channel.force(true);
                    }
                }
                LogFile file = new LogFile(path, channel, lock, fsync, end);
                if (contents.tailNeedsNewline()) {
                    file.write(new byte[] {'\n'});
                }
                if (fsync && !existed) {
                    forceDirectory(path);
                }
                return new Opened(file, contents);
            } catch (IOException | RuntimeException e) {
                lock.release();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Appends the bytes {@code [from, to)} of the log, and a line feed, to {@code <file>.torn}; returns that path. */
    private static Path preserve(Path path, FileChannel channel, long from, long to, boolean fsync) throws IOException {
        Path sidecar = path.resolveSibling(path.getFileName() + ".torn");
        try (FileChannel out = FileChannel.open(
                sidecar, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long position = from;
            while (position < to) {
                long moved = channel.transferTo(position, to - position, out);
                if (moved <= 0) {
                    throw new IOException("Could not copy the torn last line of '" + path + "' to '" + sidecar
                            + "'; the log was left unchanged");
                }
                position += moved;
            }
            out.write(ByteBuffer.wrap(new byte[] {'\n'}));
            if (fsync) {
                out.force(true);
            }
        }
        return sidecar;
    }

    /** Makes the new file's directory entry durable where the platform allows (not on Windows). */
    private static void forceDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) {
            return;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException ignored) {
            // best effort: some platforms cannot open directories
        }
    }

    Path path() {
        return path;
    }

    /**
     * Appends one line (its bytes end with a line feed), forced to the device when fsync is on.
     *
     * @throws UncheckedIOException when writing fails; the file is rolled back to its previous end
     * @throws IllegalStateException when an earlier failure could not be rolled back
     */
    void append(byte[] line, String eventId) {
        if (broken != null) {
            throw new IllegalStateException(
                    "Event log file '" + path + "' may end in a partial line since an earlier write failed and"
                            + " could not be rolled back (" + broken.getMessage() + "); close() the log and open it"
                            + " again, which cuts a torn last line off",
                    broken);
        }
        if (!channel.isOpen()) {
            throw new IllegalStateException("Event log file '" + path + "' is closed; open the log again to append");
        }
        long before = end;
        try {
            write(line);
        } catch (IOException e) {
            try {
                channel.truncate(before);
                end = before;
            } catch (IOException | RuntimeException rollback) {
                e.addSuppressed(rollback);
                broken = e;
            }
            throw new UncheckedIOException(
                    "Could not append event '" + eventId + "' to '" + path + "' (" + e.getMessage()
                            + "); it was not added to the log. Check free space and permissions, then add it again",
                    e);
        }
    }

    private void write(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long position = end;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        if (fsync) {
            channel.force(false);
        }
        end = position;
    }

    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
