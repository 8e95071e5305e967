package io.eventengine.eventlog;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An unmodifiable, live view of an append-only sequence: one writer at a time appends (under the owner's lock),
 * any number of threads read without locks and see every element appended before the size they read. Appends are
 * O(1) (chunks of 1024; only the small chunk directory is ever copied).
 */
final class AppendOnlyList<E> extends AbstractList<E> implements RandomAccess {
    private static final int SHIFT = 10;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    private volatile Object[][] chunks = new Object[8][];
    private volatile int size;

    /** Appends; the caller holds the owner's lock. */
    void append(E element) {
        int n = size;
        Object[][] directory = chunks;
        int chunk = n >>> SHIFT;
        if (chunk == directory.length) {
            directory = Arrays.copyOf(directory, directory.length * 2);
        }
        if (directory[chunk] == null) {
            directory[chunk] = new Object[CHUNK];
        }
        directory[chunk][n & MASK] = element;
        chunks = directory;
        size = n + 1; // publishes the element
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        Objects.checkIndex(index, size);
        return (E) chunks[index >>> SHIFT][index & MASK];
    }

    @Override
    public int size() {
        return size;
    }
}
