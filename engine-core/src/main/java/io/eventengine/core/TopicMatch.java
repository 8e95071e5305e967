package io.eventengine.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link Topic#match(Topic)}: one {@link Node} per compared position, as in PyEventEngine, plus the
 * values captured by named wildcards.
 *
 * <p>Matching stops at the first failing position; when the topics have different lengths a last, failed node holds
 * the leftover part. Two identical literals match as a single node carrying the whole literal.
 */
public final class TopicMatch {
    private final List<Node> nodes;
    private final boolean matched;
    private final Map<String, String> captures;

    TopicMatch(List<Node> nodes) {
        this.nodes = List.copyOf(nodes);
        boolean all = !nodes.isEmpty();
        Map<String, String> found = new LinkedHashMap<>();
        for (Node node : nodes) {
            all &= node.matched();
            // A wildcard captures only the exact part it faced (not the whole literal of two identical patterns).
            if (node.matched() && node.literal() != null) {
                if (node.partA() instanceof TopicPart.NamedWildcard w && node.partB() instanceof TopicPart.Exact) {
                    found.putIfAbsent(w.name(), node.literal());
                } else if (node.partB() instanceof TopicPart.NamedWildcard w
                        && node.partA() instanceof TopicPart.Exact) {
                    found.putIfAbsent(w.name(), node.literal());
                }
            }
        }
        this.matched = all;
        this.captures = all ? Collections.unmodifiableMap(found) : Map.of();
    }

    /** True when there is at least one node and every node matched. */
    public boolean isMatched() {
        return matched;
    }

    /** The compared positions, in order; the last one is the failure when {@link #isMatched()} is false. */
    public List<Node> nodes() {
        return nodes;
    }

    /**
     * Named wildcard to the exact text it matched, in pattern order (the first occurrence wins when a name repeats).
     * Empty when the topics did not match.
     */
    public Map<String, String> captures() {
        return captures;
    }

    /** The value captured for {@code name}, or null; Kotlin reads this as {@code match["symbol"]}. */
    public @Nullable String get(String name) {
        return captures.get(name);
    }

    @Override
    public String toString() {
        return "TopicMatch[" + (matched ? "matched" : "failed") + ", nodes=" + nodes + ", captures=" + captures + "]";
    }

    /**
     * One compared position.
     *
     * @param matched whether the parts at this position agree
     * @param partA the part of the topic {@code match} was called on, or null past its end
     * @param partB the part of the argument topic, or null past its end
     * @param literal on a matched node, the exact text that was matched (the whole literal for identical topics);
     *     null on a failed node and, as in PyEventEngine, when a regex part did the matching
     */
    public record Node(
            boolean matched,
            @Nullable TopicPart partA,
            @Nullable TopicPart partB,
            @Nullable String literal) {}
}
