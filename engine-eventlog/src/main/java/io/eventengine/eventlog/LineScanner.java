package io.eventengine.eventlog;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into lines at {@code \n}, one line at a time, holding at most {@code maxLineBytes} of a line: the
 * bytes of a longer line past that are counted and dropped, and the line is marked {@link #overlong()}. So reading a
 * file of any size needs memory for one line of at most the limit, never for the file.
 */
final class LineScanner {
    private static final int INITIAL_LINE = 256;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean eof;

    private byte[] line = new byte[INITIAL_LINE];
    private int kept;
    private long length;
    private boolean terminated;
    private long number;
    private long consumed;
    private long completeBytes;

    LineScanner(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Moves to the next line.
     *
     * @return false at the end of the stream (a last line without a line feed is still returned first)
     */
    boolean next() throws IOException {
        if (line.length > 1024 * 1024 && kept < line.length / 4) {
            line = new byte[INITIAL_LINE]; // one huge line does not pin a huge buffer for the rest of the file
        }
        kept = 0;
        length = 0;
        terminated = false;
        while (true) {
            if (position == limit) {
                if (eof || !fill()) {
                    if (length == 0) {
                        return false;
                    }
                    number++;
                    return true; // the last line, without a line feed
                }
            }
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            keep(position, end - position);
            consumed += end - position;
            if (end < limit) {
                position = end + 1;
                consumed++;
                completeBytes = consumed;
                terminated = true;
                number++;
                return true;
            }
            position = limit;
        }
    }

    private boolean fill() throws IOException {
        int read;
        do {
            read = in.read(buffer);
        } while (read == 0);
        if (read < 0) {
            eof = true;
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private void keep(int from, int count) {
        length += count;
        int room = (int) Math.min(count, (long) maxLineBytes - kept);
        if (room <= 0) {
            return;
        }
        if (kept + room > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, Math.max(line.length * 2L, kept + room)));
        }
        System.arraycopy(buffer, from, line, kept, room);
        kept += room;
    }

    /** The line's bytes (without the line feed); only the first {@link #kept()} are valid. */
    byte[] bytes() {
        return line;
    }

    /** How many bytes of the line are held: all of them, unless it is {@link #overlong()}. */
    int kept() {
        return kept;
    }

    /** The line's length in bytes, without the line feed, also past what is held. */
    long length() {
        return length;
    }

    /** True when the line is longer than the limit (only its first {@link #kept()} bytes are held). */
    boolean overlong() {
        return length > maxLineBytes;
    }

    /** True when the line ended with a line feed; false for a last line cut short or written without one. */
    boolean terminated() {
        return terminated;
    }

    /** The line's number, from 1, blank lines included. */
    long number() {
        return number;
    }

    /** The bytes up to and including the last line feed read so far. */
    long completeBytes() {
        return completeBytes;
    }

    /** Every byte read so far. */
    long totalBytes() {
        return consumed;
    }
}
