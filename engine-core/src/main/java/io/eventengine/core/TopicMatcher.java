package io.eventengine.core;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Matching rules. Without {@code **}: same length, and at every position exactly one side is exact and the other
 * side accepts it (so wildcards may sit on either side). With {@code **} on one side: the other side must be exact
 * throughout, and {@code **} spans one or more of its parts (greedy glob with backtracking to the last {@code **},
 * O(parts²) at worst, no allocation).
 */
final class TopicMatcher {
    private TopicMatcher() {}

    static boolean matches(Topic a, Topic b) {
        if (a.isEmpty() && b.isEmpty()) {
            return false; // as in PyEventEngine: no positions, no match (even for the one interned empty topic)
        }
        if (a == b || (a.equals(b) && a.samePartsAs(b))) { // equal literals may still differ in parts
            return true;
        }
        if (a.hasMultiWildcard() || b.hasMultiWildcard()) {
            if (a.isExact()) {
                return glob(b.partArray(), a.partArray(), null);
            }
            if (b.isExact()) {
                return glob(a.partArray(), b.partArray(), null);
            }
            return false;
        }
        TopicPart[] pa = a.partArray();
        TopicPart[] pb = b.partArray();
        if (pa.length != pb.length || pa.length == 0) {
            return false;
        }
        for (int i = 0; i < pa.length; i++) {
            if (!positionMatches(pa[i], pb[i])) {
                return false;
            }
        }
        return true;
    }

    static TopicMatch match(Topic a, Topic b) {
        List<TopicMatch.Node> nodes = new ArrayList<>();
        if (!a.isEmpty() && (a == b || (a.equals(b) && a.samePartsAs(b)))) {
            nodes.add(new TopicMatch.Node(true, first(a), first(b), a.value()));
            return new TopicMatch(nodes);
        }
        TopicPart[] pa = a.partArray();
        TopicPart[] pb = b.partArray();
        // A ** spans parts of an exact topic only: against another pattern, the walk below fails at the first **.
        boolean multiFails = (a.hasMultiWildcard() || b.hasMultiWildcard()) && !a.isExact() && !b.isExact();
        if ((a.hasMultiWildcard() || b.hasMultiWildcard()) && !multiFails) {
            boolean patternIsA = !a.isExact();
            TopicPart[] pattern = patternIsA ? pa : pb;
            TopicPart[] exact = patternIsA ? pb : pa;
            int[] spanEnd = new int[pattern.length];
            if (glob(pattern, exact, spanEnd)) {
                int t = 0;
                for (int p = 0; p < pattern.length; p++) {
                    int end = pattern[p] instanceof TopicPart.MultiWildcard ? spanEnd[p] : t + 1;
                    for (; t < end; t++) {
                        nodes.add(patternIsA ? matchedNode(pattern[p], exact[t]) : matchedNode(exact[t], pattern[p]));
                    }
                }
                return new TopicMatch(nodes);
            }
        }
        // PyEventEngine's walk (a ** counts as one part here): stop at the first failure, then report a leftover.
        int n = Math.min(pa.length, pb.length);
        for (int i = 0; i < n; i++) {
            if (!positionMatches(pa[i], pb[i])
                    || (multiFails
                            && (pa[i] instanceof TopicPart.MultiWildcard
                                    || pb[i] instanceof TopicPart.MultiWildcard))) {
                nodes.add(new TopicMatch.Node(false, pa[i], pb[i], null));
                return new TopicMatch(nodes);
            }
            nodes.add(matchedNode(pa[i], pb[i]));
        }
        // With a ** that failed its glob, this walk cannot pass every position of equal lengths: that would be a
        // glob match with each ** spanning one part.
        if (pa.length != pb.length) {
            nodes.add(new TopicMatch.Node(false, n < pa.length ? pa[n] : null, n < pb.length ? pb[n] : null, null));
        }
        return new TopicMatch(nodes);
    }

    /** Exactly one side exact, and the other side accepts its text. */
    private static boolean positionMatches(TopicPart x, TopicPart y) {
        if (x instanceof TopicPart.Exact ex) {
            return y instanceof TopicPart.Exact ey ? ex.value().equals(ey.value()) : y.accepts(ex.value());
        }
        return y instanceof TopicPart.Exact ey && x.accepts(ey.value());
    }

    private static TopicMatch.Node matchedNode(TopicPart a, TopicPart b) {
        TopicPart exact = a.isExact() ? a : b;
        TopicPart other = exact == a ? b : a;
        String literal = other instanceof TopicPart.Pattern ? null : exact.literal();
        return new TopicMatch.Node(true, a, b, literal);
    }

    /**
     * Glob of {@code pattern} over the all-exact {@code exact}; {@code **} takes one or more parts. When {@code
     * spanEnd} is given, a successful match leaves in it, for each {@code **} index, the exclusive end of its span.
     */
    private static boolean glob(TopicPart[] pattern, TopicPart[] exact, int @Nullable [] spanEnd) {
        int p = 0;
        int t = 0;
        int starP = -1; // index of the last ** met
        int resumeT = 0; // where matching after that ** resumes
        while (t < exact.length) {
            if (p < pattern.length && pattern[p] instanceof TopicPart.MultiWildcard) {
                starP = p;
                resumeT = t + 1; // ** takes at least one part
                if (spanEnd != null) {
                    spanEnd[p] = resumeT;
                }
                p++;
                t = resumeT;
            } else if (p < pattern.length && pattern[p].accepts(((TopicPart.Exact) exact[t]).value())) {
                p++;
                t++;
            } else if (starP >= 0) {
                resumeT++; // let the last ** take one more part
                if (spanEnd != null) {
                    spanEnd[starP] = resumeT;
                }
                p = starP + 1;
                t = resumeT;
            } else {
                return false;
            }
        }
        return p == pattern.length;
    }

    private static @Nullable TopicPart first(Topic topic) {
        return topic.isEmpty() ? null : topic.partArray()[0];
    }
}
