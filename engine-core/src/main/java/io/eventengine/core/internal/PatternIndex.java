package io.eventengine.core.internal;

import io.eventengine.core.Topic;
import io.eventengine.core.TopicPart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Values filed under pattern topics, found by the exact topics they match: a trie over topic parts in the manner of
 * NATS's subject sublist, extended to this grammar. Each node has exact children by part text, one child for every
 * one-part wildcard ({@code {name}}, {@code +name}, {@code *}), one for {@code **}, and branches for ranges and regexes.
 * A range is filed under each of its options, and so is a regex of the form {@code ^literal$}; a regex with a literal
 * prefix ({@code ^Sym.*}) is filed under the prefix and run only on texts that start with it; any other regex is run on
 * every text that reaches its node. A lookup therefore costs the depth of the topic times the branches it takes, not
 * the number of patterns (ranges and regexes without a literal are the exception, and cost one test each at their node).
 *
 * <p>It answers what {@link Topic#matches} answers for an exact topic, in {@link Entry#order()} order, each value once.
 *
 * <p>Threads: one writer at a time (the owner serializes {@link #add} and {@link #remove}); {@link #match} may run
 * concurrently with a write and never fails or loops, but may see the write half done. An owner that needs
 * linearizable lookups validates them (engine-core's HookRegistry uses a {@code StampedLock} optimistic read).
 *
 * @param <V> the filed values, compared by identity
 */
public final class PatternIndex<V> {
    /**
     * A value and its place in the order lookups return (registration order, usually).
     *
     * @param value the value filed
     * @param order its sort key; unique among the filed entries
     * @param pattern the pattern it was filed under
     */
    public record Entry<V>(V value, long order, Topic pattern) {}

    private final Node<V> root = new Node<>();
    private int size;

    /**
     * Files {@code value} under {@code pattern} with sort key {@code order}.
     *
     * @throws IllegalArgumentException if {@code pattern} is exact or empty (exact topics are looked up by literal)
     */
    public void add(Topic pattern, V value, long order) {
        if (pattern.isExact() || pattern.isEmpty()) {
            throw new IllegalArgumentException(
                    "PatternIndex holds patterns only; '" + pattern + "' is exact: look it up by its literal");
        }
        Node<V> node = root;
        for (int i = 0; i < pattern.size(); i++) {
            node = node.childFor(pattern.get(i));
        }
        node.addEntry(new Entry<>(value, order, pattern));
        size++;
    }

    /** Removes {@code value} from under {@code pattern}; returns whether it was there. Empty nodes are pruned. */
    public boolean remove(Topic pattern, V value) {
        if (pattern.isExact() || pattern.isEmpty()) {
            return false;
        }
        boolean[] removed = new boolean[1];
        root.remove(pattern, 0, value, removed);
        if (removed[0]) {
            size--;
        }
        return removed[0];
    }

    /** How many values are filed. */
    public int size() {
        return size;
    }

    /** The entries whose pattern matches the exact {@code topic}, ordered by {@link Entry#order()}, each once. */
    public List<Entry<V>> match(Topic topic) {
        if (topic.isEmpty()) {
            return List.of(); // no pattern matches a topic without parts (TopicMatcher's rule)
        }
        String[] texts = new String[topic.size()];
        for (int i = 0; i < texts.length; i++) {
            if (!(topic.get(i) instanceof TopicPart.Exact exact)) {
                throw new IllegalArgumentException("Only an exact topic can be looked up; '" + topic + "' is not");
            }
            texts[i] = exact.value();
        }
        List<Entry<V>> found = new ArrayList<>(4);
        root.collect(texts, 0, found);
        if (found.size() > 1) {
            sortDroppingRepeats(found);
        }
        return found;
    }

    /**
     * Insertion sort by order (routes are short, and mostly found in order already), keeping each entry once: a
     * {@code **} that can span parts in several ways reaches the same node more than once.
     */
    private static <V> void sortDroppingRepeats(List<Entry<V>> found) {
        int kept = 1;
        for (int i = 1; i < found.size(); i++) {
            Entry<V> e = found.get(i);
            int j = kept - 1;
            while (j >= 0 && found.get(j).order > e.order) {
                j--;
            }
            if (j >= 0 && found.get(j) == e) {
                continue;
            }
            for (int k = kept; k > j + 1; k--) {
                found.set(k, found.get(k - 1));
            }
            found.set(j + 1, e);
            kept++;
        }
        found.subList(kept, found.size()).clear();
    }

    /** A range or regex part and the node after it. */
    private record Branch<V>(TopicPart part, Node<V> node) {}

    /**
     * One trie node. Fields read by lookups are volatile, and their arrays and maps are replaced or concurrent, so a
     * lookup racing the writer sees each field either before or after the write.
     */
    private static final class Node<V> {
        @SuppressWarnings("rawtypes")
        private static final Entry[] NO_ENTRIES = new Entry[0];

        @SuppressWarnings("rawtypes")
        private static final Branch[] NO_BRANCHES = new Branch[0];

        private volatile @Nullable ConcurrentHashMap<String, Node<V>> exact;
        private volatile @Nullable Node<V> anyOne;
        private volatile @Nullable Node<V> anyMany;
        /** Ranges by option, {@code ^literal$} regexes by their literal. */
        private volatile @Nullable ConcurrentHashMap<String, Branch<V>[]> byText;
        /** Regexes by their required literal prefix, and the lengths of those prefixes. */
        private volatile @Nullable ConcurrentHashMap<String, Branch<V>[]> byPrefix;

        private volatile int[] prefixLengths = new int[0];

        @SuppressWarnings("unchecked")
        private volatile Branch<V>[] scanned = NO_BRANCHES;

        @SuppressWarnings("unchecked")
        private volatile Entry<V>[] entries = NO_ENTRIES;

        /** The writer's own map from a range or regex part to its branch (lookups never read it). */
        private @Nullable Map<TopicPart, Branch<V>> branches;

        Node<V> childFor(TopicPart part) {
            if (part instanceof TopicPart.Exact e) {
                ConcurrentHashMap<String, Node<V>> map = exact;
                if (map == null) {
                    exact = map = new ConcurrentHashMap<>(4);
                }
                return map.computeIfAbsent(e.value(), k -> new Node<>());
            }
            if (part instanceof TopicPart.NamedWildcard || part instanceof TopicPart.SingleWildcard) {
                Node<V> n = anyOne;
                if (n == null) {
                    anyOne = n = new Node<>();
                }
                return n;
            }
            if (part instanceof TopicPart.MultiWildcard) {
                Node<V> n = anyMany;
                if (n == null) {
                    anyMany = n = new Node<>();
                }
                return n;
            }
            Map<TopicPart, Branch<V>> own = branches;
            if (own == null) {
                branches = own = new HashMap<>(4);
            }
            Branch<V> existing = own.get(part);
            if (existing != null) {
                return existing.node;
            }
            Branch<V> branch = new Branch<>(part, new Node<>());
            own.put(part, branch);
            file(branch, true);
            return branch.node;
        }

        /** Adds ({@code add}) or removes {@code branch} where lookups find it. */
        private void file(Branch<V> branch, boolean add) {
            if (branch.part instanceof TopicPart.Range range) {
                for (String option : range.options()) {
                    byText = update(byText, option, branch, add);
                }
                return;
            }
            String regex = ((TopicPart.Pattern) branch.part).regex();
            String only = RegexLiterals.onlyMatch(regex);
            if (only != null) {
                byText = update(byText, only, branch, add);
                return;
            }
            String prefix = RegexLiterals.requiredPrefix(regex);
            if (!prefix.isEmpty()) {
                byPrefix = update(byPrefix, prefix, branch, add);
                prefixLengths = lengths(byPrefix);
                return;
            }
            scanned = add ? plus(scanned, branch) : minus(scanned, branch);
        }

        private static <V> @Nullable ConcurrentHashMap<String, Branch<V>[]> update(
                @Nullable ConcurrentHashMap<String, Branch<V>[]> map, String key, Branch<V> branch, boolean add) {
            if (map == null) {
                if (!add) {
                    return null;
                }
                map = new ConcurrentHashMap<>(4);
            }
            @SuppressWarnings("unchecked")
            Branch<V>[] current = map.getOrDefault(key, NO_BRANCHES);
            Branch<V>[] next = add ? plus(current, branch) : minus(current, branch);
            if (next.length == 0) {
                map.remove(key);
            } else {
                map.put(key, next);
            }
            return map;
        }

        private static int[] lengths(@Nullable Map<String, ?> byPrefix) {
            return byPrefix == null
                    ? new int[0]
                    : byPrefix.keySet().stream()
                            .mapToInt(String::length)
                            .distinct()
                            .sorted()
                            .toArray();
        }

        void addEntry(Entry<V> entry) {
            Entry<V>[] current = entries;
            Entry<V>[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = entry;
            entries = next;
        }

        /** Removes {@code value} below this node; returns whether this node is now empty (its parent drops it). */
        boolean remove(Topic pattern, int i, V value, boolean[] removed) {
            if (i == pattern.size()) {
                Entry<V>[] current = entries;
                for (int k = 0; k < current.length; k++) {
                    if (current[k].value == value) {
                        Entry<V>[] next = Arrays.copyOf(current, current.length - 1);
                        System.arraycopy(current, k + 1, next, k, current.length - k - 1);
                        entries = next;
                        removed[0] = true;
                        break;
                    }
                }
                return isEmpty();
            }
            TopicPart part = pattern.get(i);
            Node<V> child = existingChild(part);
            if (child != null && child.remove(pattern, i + 1, value, removed)) {
                dropChild(part);
            }
            return isEmpty();
        }

        private @Nullable Node<V> existingChild(TopicPart part) {
            if (part instanceof TopicPart.Exact e) {
                Map<String, Node<V>> map = exact;
                return map == null ? null : map.get(e.value());
            }
            if (part instanceof TopicPart.NamedWildcard || part instanceof TopicPart.SingleWildcard) {
                return anyOne;
            }
            if (part instanceof TopicPart.MultiWildcard) {
                return anyMany;
            }
            Branch<V> branch = branches == null ? null : branches.get(part);
            return branch == null ? null : branch.node;
        }

        private void dropChild(TopicPart part) {
            if (part instanceof TopicPart.Exact e) {
                Objects.requireNonNull(exact).remove(e.value());
            } else if (part instanceof TopicPart.NamedWildcard || part instanceof TopicPart.SingleWildcard) {
                anyOne = null;
            } else if (part instanceof TopicPart.MultiWildcard) {
                anyMany = null;
            } else {
                Branch<V> branch = Objects.requireNonNull(branches).remove(part);
                file(Objects.requireNonNull(branch), false);
            }
        }

        private boolean isEmpty() {
            Map<String, Node<V>> map = exact;
            return entries.length == 0
                    && (map == null || map.isEmpty())
                    && anyOne == null
                    && anyMany == null
                    && (branches == null || branches.isEmpty());
        }

        /** Collects what matches {@code texts[i..]} below this node. */
        void collect(String[] texts, int i, List<Entry<V>> found) {
            if (i == texts.length) {
                for (Entry<V> e : entries) {
                    found.add(e);
                }
                return;
            }
            String text = texts[i];
            Map<String, Node<V>> map = exact;
            if (map != null) {
                Node<V> child = map.get(text);
                if (child != null) {
                    child.collect(texts, i + 1, found);
                }
            }
            Node<V> one = anyOne;
            if (one != null) {
                one.collect(texts, i + 1, found);
            }
            Map<String, Branch<V>[]> keyed = byText;
            if (keyed != null) {
                Branch<V>[] hits = keyed.get(text);
                if (hits != null) {
                    for (Branch<V> b : hits) {
                        b.node.collect(texts, i + 1, found); // equality with an option or the one literal: no test
                    }
                }
            }
            Map<String, Branch<V>[]> prefixed = byPrefix;
            if (prefixed != null) {
                for (int length : prefixLengths) {
                    if (length > text.length()) {
                        break;
                    }
                    Branch<V>[] hits = prefixed.get(text.substring(0, length));
                    if (hits != null) {
                        collectAccepting(hits, texts, i, found);
                    }
                }
            }
            collectAccepting(scanned, texts, i, found);
            Node<V> many = anyMany;
            if (many != null) {
                for (int end = i + 1; end <= texts.length; end++) { // ** takes parts i..end-1, at least one
                    many.collect(texts, end, found);
                }
            }
        }

        private static <V> void collectAccepting(Branch<V>[] branches, String[] texts, int i, List<Entry<V>> found) {
            for (Branch<V> b : branches) {
                if (b.part.accepts(texts[i])) {
                    b.node.collect(texts, i + 1, found);
                }
            }
        }

        private static <V> Branch<V>[] plus(Branch<V>[] array, Branch<V> b) {
            Branch<V>[] next = Arrays.copyOf(array, array.length + 1);
            next[array.length] = b;
            return next;
        }

        private static <V> Branch<V>[] minus(Branch<V>[] array, Branch<V> b) {
            int k = Arrays.asList(array).indexOf(b);
            if (k < 0) {
                return array;
            }
            Branch<V>[] next = Arrays.copyOf(array, array.length - 1);
            System.arraycopy(array, k + 1, next, k, array.length - k - 1);
            return next;
        }
    }
}
