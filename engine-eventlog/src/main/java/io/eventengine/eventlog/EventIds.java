package io.eventengine.eventlog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Eventure's event ids, {@code {tick}-{typeHash}-{sequence}}, with sequences counted per log (one instance per log)
 * instead of per process.
 *
 * <p>The type hash is Eventure's {@code _generate_type_hash}: the MD5 hex digest of the UTF-8 type, with its digits
 * removed, first four characters, upper-cased. The sequence counts from 1 per (tick, type hash), as Eventure's {@code
 * _get_next_sequence}. Not thread-safe: the owning log synchronizes.
 */
final class EventIds {
    private static final int CACHE_LIMIT = 4096;
    private static final Map<String, String> HASHES = new ConcurrentHashMap<>();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Last sequence used per "tick-hash" prefix. */
    private final Map<String, Long> sequences = new HashMap<>();

    /** Eventure's 4-letter type hash (fewer letters in the astronomically rare digest with fewer than four). */
    static String typeHash(String type) {
        String cached = HASHES.get(type);
        if (cached != null) {
            return cached;
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("MD5").digest(type.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no MD5 MessageDigest, which every Java SE must provide", e);
        }
        StringBuilder letters = new StringBuilder(4);
        for (int i = 0; i < digest.length * 2 && letters.length() < 4; i++) {
            int nibble = i % 2 == 0 ? (digest[i / 2] >> 4) & 0xf : digest[i / 2] & 0xf;
            char c = HEX[nibble];
            if (c >= 'a') {
                letters.append(c);
            }
        }
        String hash = letters.toString().toUpperCase(Locale.ROOT);
        if (HASHES.size() < CACHE_LIMIT) {
            HASHES.put(type, hash);
        }
        return hash;
    }

    /** The next id for an event of {@code type} at {@code tick}; {@code taken} says which ids exist already. */
    String next(long tick, String type, java.util.function.Predicate<String> taken) {
        String prefix = tick + "-" + typeHash(type) + "-";
        long seq = sequences.getOrDefault(prefix, 0L);
        String id;
        do {
            seq++;
            id = prefix + seq;
        } while (taken.test(id));
        return id;
    }

    /** Records that {@code id} is used, so later generated ids never repeat it (ids loaded from a file). */
    void observe(String id) {
        Parsed parsed = parse(id);
        if (parsed != null) {
            sequences.merge(parsed.prefix, parsed.sequence, Math::max);
        }
    }

    /** Commits the sequence of a generated id. */
    void commit(String id) {
        observe(id);
    }

    private record Parsed(String prefix, long sequence) {}

    /** Splits {@code 12-ABCD-3}; null when the id does not have that form. */
    private static @Nullable Parsed parse(String id) {
        int last = id.lastIndexOf('-');
        if (last <= 0 || last == id.length() - 1 || id.length() - last > 19) {
            return null;
        }
        long seq = 0;
        for (int i = last + 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            seq = seq * 10 + (c - '0');
        }
        return new Parsed(id.substring(0, last + 1), seq);
    }
}
