package io.eventengine.core.internal;

import io.eventengine.core.Topic;
import io.eventengine.core.TopicPart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A bounded map from exact topics to values that also answers the reverse question: which of its topics does a
 * pattern match ({@link #matchedBy}). Route caches use it to update only the routes a registration affects, and the
 * retained-message store to find what a new subscriber is owed. Keys are compared as topics are (by literal), and the
 * reverse trie is over the key's parts; a key whose parts differ from those of the topic already held under its
 * literal ({@code Topic.join("a", "b.c")} against {@code a.b.c}) replaces it.
 *
 * <p>When full, {@link #put} of a new topic evicts the least recently put one (re-putting a held topic refreshes it).
 * Not thread-safe: one owner thread, or the owner's lock.
 *
 * @param <V> the values
 */
public final class TopicTable<V> {
    private static final int INITIAL_SLOTS = 16;

    private final int maxEntries;
    /** Every held topic in put order: the eviction order, and what {@link #forEach} and exact look-ups read. */
    private final LinkedHashMap<Topic, Held<V>> entries;

    private final Node<V> root = new Node<>();

    /**
     * The same topics and values again, for {@link #get}: open addressing with linear probing over two parallel
     * arrays (a power of two long, at most half full). A hit on the very topic instance that was put, the dispatcher's
     * case, reads a key slot and the value slot beside it, with no entry object in between (a {@code HashMap} node
     * and a {@code Held} cost two dependent loads more): the cached route's whole cost is this (benchmarks'
     * RoutingCached). The map above stays for the put order, which an index without links cannot keep.
     */
    private @Nullable Topic[] keys = new Topic[INITIAL_SLOTS];

    private @Nullable Object[] values = new Object[INITIAL_SLOTS];

    private record Held<V>(Topic topic, V value) {}

    private static final class Node<V> {
        @Nullable
        Map<String, Node<V>> children;

        /** The held topic that ends here; its value is in {@link #entries} and the index. */
        @Nullable
        Topic held;
    }

    /** A table of at most {@code maxEntries} topics. */
    public TopicTable(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(Math.min(maxEntries, 1024) * 2, 0.75f, false); // put order, not access order
    }

    /** The value held for a topic equal to {@code topic} with the same parts, or null. */
    @SuppressWarnings("unchecked")
    public @Nullable V get(Topic topic) {
        @Nullable Topic[] ks = keys;
        int mask = ks.length - 1;
        for (int i = slot(topic, mask); ; i = (i + 1) & mask) {
            Topic k = ks[i];
            if (k == topic) {
                return (V) values[i];
            }
            if (k == null) {
                return null;
            }
            if (k.equals(topic)) { // one topic per literal is held: this is it, or one with other parts
                return k.parts().equals(topic.parts()) ? (V) values[i] : null;
            }
        }
    }

    /**
     * The home slot: the literal's hash times the golden ratio (Fibonacci hashing), folded. A {@code String} hash moves
     * by small steps between literals that differ in their last characters ({@code Sym17}, {@code Sym18}), so taken as
     * it is those land in runs of neighbouring slots that merge into long probe runs (130 slots for the benchmarks'
     * 10,000 topics, against 12 with the multiply), and every miss and removal walks a whole run.
     */
    private static int slot(Topic topic, int mask) {
        int h = topic.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** Adds {@code topic} to the index; the caller has removed any topic of its literal first. */
    private void index(Topic topic, V value) {
        if ((entries.size() << 1) > keys.length) { // keep it at most half full
            @Nullable Topic[] oldKeys = keys;
            @Nullable Object[] oldValues = values;
            keys = new Topic[oldKeys.length << 1];
            values = new Object[oldKeys.length << 1];
            for (int j = 0; j < oldKeys.length; j++) {
                Topic k = oldKeys[j];
                if (k != null) {
                    place(k, oldValues[j]);
                }
            }
        }
        place(topic, value);
    }

    /** Puts a key and its value into the first free slot of its probe run. */
    private void place(Topic topic, @Nullable Object value) {
        @Nullable Topic[] ks = keys;
        int mask = ks.length - 1;
        int i = slot(topic, mask);
        while (ks[i] != null) {
            i = (i + 1) & mask;
        }
        ks[i] = topic;
        values[i] = value;
    }

    /**
     * Removes the topic of {@code topic}'s literal from the index, closing the gap by moving back each later key of
     * the probe run that may fill it (Knuth's algorithm R for linear probing), so a get never needs tombstones.
     */
    private void unindex(Topic topic) {
        @Nullable Topic[] ks = keys;
        int mask = ks.length - 1;
        int gap = slot(topic, mask);
        while (true) {
            Topic k = ks[gap];
            if (k == null) {
                return;
            }
            if (k.equals(topic)) {
                break;
            }
            gap = (gap + 1) & mask;
        }
        for (int j = (gap + 1) & mask; ks[j] != null; j = (j + 1) & mask) {
            int home = slot(ks[j], mask);
            // ks[j] may move back to the gap unless its home lies cyclically in (gap, j]
            boolean staysPut = gap <= j ? gap < home && home <= j : gap < home || home <= j;
            if (!staysPut) {
                ks[gap] = ks[j];
                values[gap] = values[j];
                gap = j;
            }
        }
        ks[gap] = null;
        values[gap] = null;
    }

    /**
     * Holds {@code value} for the exact {@code topic}; returns the value of the topic evicted to make room, if one
     * was (the caller may need to know, e.g. to count it), else null.
     */
    public @Nullable V put(Topic topic, V value) {
        if (!topic.isExact()) {
            throw new IllegalArgumentException("TopicTable holds exact topics only; '" + topic + "' is a pattern");
        }
        Held<V> previous = entries.remove(topic);
        if (previous != null) {
            forget(previous.topic);
        }
        V evicted = null;
        if (previous == null && entries.size() >= maxEntries) {
            Map.Entry<Topic, Held<V>> eldest = entries.entrySet().iterator().next();
            entries.remove(eldest.getKey());
            forget(eldest.getValue().topic);
            evicted = eldest.getValue().value;
        }
        Held<V> held = new Held<>(topic, value);
        entries.put(topic, held);
        index(topic, value);
        Node<V> node = root;
        for (int i = 0; i < topic.size(); i++) {
            Node<V> n = node;
            if (n.children == null) {
                n.children = new HashMap<>(4);
            }
            node = n.children.computeIfAbsent(((TopicPart.Exact) topic.get(i)).value(), k -> new Node<>());
        }
        node.held = topic;
        return evicted;
    }

    /**
     * Holds {@code value} for the topic held under {@code topic}'s literal, in place: its place in the eviction order
     * stays (a {@link #put} would make it the most recent). Returns false, holding nothing new, when none is held.
     */
    public boolean replace(Topic topic, V value) {
        Held<V> held = entries.get(topic);
        if (held == null) {
            return false;
        }
        entries.put(held.topic, new Held<>(held.topic, value)); // an existing key keeps its place in the put order
        @Nullable Topic[] ks = keys;
        int mask = ks.length - 1;
        int i = slot(held.topic, mask);
        while (ks[i] != held.topic) {
            i = (i + 1) & mask;
        }
        values[i] = value;
        return true;
    }

    /** Removes what is held under {@code topic}'s literal; returns its value or null. */
    public @Nullable V remove(Topic topic) {
        Held<V> held = entries.remove(topic);
        if (held == null) {
            return null;
        }
        forget(held.topic);
        return held.value;
    }

    /** Removes everything. */
    public void clear() {
        entries.clear();
        keys = new Topic[INITIAL_SLOTS];
        values = new Object[INITIAL_SLOTS];
        root.children = null;
        root.held = null;
    }

    /** How many topics are held. */
    public int size() {
        return entries.size();
    }

    /** The held topics and values, least recently put first. */
    public void forEach(BiConsumer<Topic, V> action) {
        for (Held<V> held : entries.values()) {
            action.accept(held.topic, held.value);
        }
    }

    /**
     * The held topics that {@code topic} matches ({@link Topic#matches}): the one held under its literal when it is
     * exact, else every held topic the pattern matches, each once, in no particular order.
     */
    public List<Topic> matchedBy(Topic topic) {
        List<Topic> found = new ArrayList<>();
        if (topic.isExact()) {
            Held<V> held = entries.get(topic);
            if (held != null && topic.matches(held.topic)) {
                found.add(held.topic);
            }
            return found;
        }
        collect(root, topic, 0, found);
        if (hasManyWildcards(topic)) {
            return new ArrayList<>(new LinkedHashSet<>(found)); // several ** may reach a node twice
        }
        return found;
    }

    private static boolean hasManyWildcards(Topic topic) {
        int n = 0;
        for (int i = 0; i < topic.size(); i++) {
            if (topic.get(i) instanceof TopicPart.MultiWildcard) {
                n++;
            }
        }
        return n > 1;
    }

    private void collect(Node<V> node, Topic pattern, int i, List<Topic> found) {
        if (i == pattern.size()) {
            if (node.held != null) {
                found.add(node.held);
            }
            return;
        }
        Map<String, Node<V>> children = node.children;
        if (children == null) {
            return;
        }
        TopicPart part = pattern.get(i);
        if (part instanceof TopicPart.Exact e) {
            Node<V> child = children.get(e.value());
            if (child != null) {
                collect(child, pattern, i + 1, found);
            }
        } else if (part instanceof TopicPart.Range range) {
            for (String option : new LinkedHashSet<>(range.options())) {
                Node<V> child = children.get(option);
                if (child != null) {
                    collect(child, pattern, i + 1, found);
                }
            }
        } else if (part instanceof TopicPart.MultiWildcard) {
            for (Node<V> child : children.values()) {
                collectSpans(child, pattern, i + 1, found);
            }
        } else { // one-part wildcards and regexes
            for (Map.Entry<String, Node<V>> child : children.entrySet()) {
                if (part.accepts(child.getKey())) {
                    collect(child.getValue(), pattern, i + 1, found);
                }
            }
        }
    }

    /** {@code node} ends a span of one or more parts taken by a {@code **}: go on from here, or take more parts. */
    private void collectSpans(Node<V> node, Topic pattern, int next, List<Topic> found) {
        collect(node, pattern, next, found);
        if (node.children != null) {
            for (Node<V> child : node.children.values()) {
                collectSpans(child, pattern, next, found);
            }
        }
    }

    /** Takes a topic that {@link #entries} no longer holds out of the reverse trie and the index. */
    private void forget(Topic topic) {
        unlink(root, topic, 0);
        unindex(topic);
    }

    /** Removes the holder of {@code topic} below {@code node}; returns whether {@code node} is now empty. */
    private boolean unlink(Node<V> node, Topic topic, int i) {
        if (i == topic.size()) {
            node.held = null;
        } else if (node.children != null) {
            String text = ((TopicPart.Exact) topic.get(i)).value();
            Node<V> child = node.children.get(text);
            if (child != null && unlink(child, topic, i + 1)) {
                node.children.remove(text);
            }
        }
        return node.held == null && (node.children == null || node.children.isEmpty());
    }

    @Override
    public String toString() {
        return "TopicTable[" + entries.size() + " of " + maxEntries + "]";
    }
}
