package io.eventengine.core;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The table behind {@link Topic#of}: one instance per literal for as long as anybody holds it. Values are weak, so a
 * stream of never-repeated topics (order ids, say) is reclaimed by the collector instead of growing the table.
 */
final class TopicInterner {
    private static final ConcurrentHashMap<String, Ref> TABLE = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Topic> CLEARED = new ReferenceQueue<>();

    private TopicInterner() {}

    static @Nullable Topic lookup(String literal) {
        Ref ref = TABLE.get(literal);
        return ref == null ? null : ref.get();
    }

    /** Returns the interned instance equal to {@code topic}, installing {@code topic} if there is none. */
    static Topic intern(Topic topic) {
        expungeCleared();
        String key = topic.value();
        for (; ; ) {
            Ref current = TABLE.get(key);
            if (current == null) {
                if (TABLE.putIfAbsent(key, new Ref(topic)) == null) {
                    return topic;
                }
            } else {
                Topic existing = current.get();
                if (existing != null) {
                    return existing;
                }
                if (TABLE.replace(key, current, new Ref(topic))) {
                    return topic;
                }
            }
        }
    }

    /** Live entries; for tests and diagnostics. */
    static int size() {
        expungeCleared();
        return TABLE.size();
    }

    private static void expungeCleared() {
        for (Ref ref; (ref = (Ref) CLEARED.poll()) != null; ) {
            TABLE.remove(ref.key, ref);
        }
    }

    private static final class Ref extends WeakReference<Topic> {
        final String key;

        Ref(Topic topic) {
            super(topic, CLEARED);
            this.key = topic.value();
        }
    }
}
