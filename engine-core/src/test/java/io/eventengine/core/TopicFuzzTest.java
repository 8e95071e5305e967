package io.eventengine.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parses two fuzzed strings as topics, matches them both ways and formats them. Only a {@link TopicSyntaxException}
 * from parsing (or an {@link IllegalArgumentException} from formatting a topic that has parts without a name) may
 * escape the topic API; any other exception, or a broken invariant, is a finding.
 *
 * <p>{@code mvn test} runs it in regression mode on the seeds in {@code TopicFuzzTestInputs/parseMatchFormat}; run
 * with {@code JAZZER_FUZZ=1} to fuzz.
 */
class TopicFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parseMatchFormat(FuzzedDataProvider data) {
        String first = data.consumeString(300);
        String second = data.consumeString(300);
        Topic a = parse(first);
        Topic b = parse(second);
        if (a != null && b != null) {
            checkMatch(a, b);
            checkMatch(b, a);
            checkMatch(a, a);
        }
        for (Topic t : new Topic[] {a, b}) {
            if (t != null) {
                checkFormat(t, data);
            }
        }
    }

    private static @Nullable Topic parse(String literal) {
        Topic topic;
        try {
            topic = Topic.of(literal);
        } catch (TopicSyntaxException e) {
            assertEquals(literal, e.topic());
            assertTrue(e.position() >= 0 && e.position() <= literal.length(), e::getMessage);
            assertTrue(e.getMessage().contains("at position " + e.position()), e::getMessage);
            return null;
        }
        // the canonical literal parses back to the same, interned topic
        assertSame(topic, Topic.of(topic.value()), topic::value);
        assertTrue(topic.value().length() <= literal.length());
        assertEquals(topic.parts().stream().allMatch(TopicPart::isExact), topic.isExact());
        return topic;
    }

    private static void checkMatch(Topic a, Topic b) {
        TopicMatch m = a.match(b);
        String clue = "'" + a + "' against '" + b + "': " + m;
        assertEquals(m.isMatched(), a.matches(b), clue);
        assertEquals(m.isMatched(), b.match(a).isMatched(), clue);
        assertEquals(m.isMatched(), b.matches(a), clue);
        List<TopicMatch.Node> nodes = m.nodes();
        if (m.isMatched()) {
            assertTrue(!nodes.isEmpty() && nodes.stream().allMatch(TopicMatch.Node::matched), clue);
            Set<String> names = new LinkedHashSet<>();
            names.addAll(names(a));
            names.addAll(names(b));
            assertTrue(names.containsAll(m.captures().keySet()), clue);
        } else {
            assertTrue(m.captures().isEmpty(), clue);
            for (int i = 0; i < nodes.size(); i++) {
                assertEquals(i < nodes.size() - 1, nodes.get(i).matched(), clue);
            }
        }
    }

    private static void checkFormat(Topic t, FuzzedDataProvider data) {
        List<String> names = names(t);
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            values.putIfAbsent(name, data.consumeString(20));
        }
        boolean formattable =
                t.parts().stream().allMatch(p -> p instanceof TopicPart.Exact || p instanceof TopicPart.NamedWildcard);
        if (!formattable) {
            assertThrows(IllegalArgumentException.class, () -> t.format(values), t::value);
            assertThrows(IllegalArgumentException.class, () -> t.formatStrict(values), t::value);
            return;
        }
        Topic formatted = t.formatStrict(values);
        assertEquals(formatted, t.format(values));
        assertTrue(formatted.isExact(), formatted::value);
        assertEquals(t.size(), formatted.size());
        if (!t.isEmpty()) {
            TopicMatch m = t.match(formatted);
            assertTrue(m.isMatched(), () -> t + " against " + formatted.parts() + ": " + m);
            assertEquals(values, m.captures(), t::value);
        }
        if (!names.isEmpty()) {
            String missing = names.get(0);
            Map<String, String> partial = new LinkedHashMap<>(values);
            partial.remove(missing);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> t.formatStrict(partial), t::value);
            assertTrue(e.getMessage().contains("'" + missing + "'"), e::getMessage);
            assertTrue(t.format(partial).parts().contains(firstWildcardNamed(t, missing)), t::value);
        }
    }

    private static List<String> names(Topic t) {
        List<String> names = new ArrayList<>();
        for (TopicPart part : t.parts()) {
            if (part instanceof TopicPart.NamedWildcard w) {
                names.add(w.name());
            }
        }
        return names;
    }

    private static TopicPart firstWildcardNamed(Topic t, String name) {
        for (TopicPart part : t.parts()) {
            if (part instanceof TopicPart.NamedWildcard w && w.name().equals(name)) {
                return w;
            }
        }
        throw new AssertionError("no wildcard " + name + " in " + t);
    }
}
