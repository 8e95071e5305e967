package io.eventengine.spring.internal;

import io.eventengine.core.Topic;
import io.eventengine.core.TopicPart;
import org.jspecify.annotations.Nullable;

/**
 * What one named wildcard of a listener's pattern matched, read from the topic of a message delivered on that pattern:
 * the {@code @TopicVariable} parameters and the {@code {name}} parts of {@code replyTo} both read it here.
 */
final class Capture {
    final String name;
    private final Topic pattern;
    /**
     * The wildcard's part index when every part before it stands for exactly one part (no {@code **}): then the
     * capture is that part of the topic, which the engine delivered because it matched; else -1, and a read matches
     * the topic again.
     */
    private final int index;

    /** Requires {@link #exists}{@code (pattern, name)}. */
    Capture(Topic pattern, String name) {
        this.pattern = pattern;
        this.name = name;
        this.index = fixedIndex(pattern, name);
    }

    /** The text the wildcard matched in {@code topic}, a topic the pattern matched. */
    @Nullable
    String in(Topic topic) {
        return index >= 0 && index < topic.size()
                ? topic.get(index).literal()
                : pattern.match(topic).get(name);
    }

    /** Whether {@code pattern} has a named wildcard {@code name}. */
    static boolean exists(Topic pattern, String name) {
        for (TopicPart part : pattern.parts()) {
            if (part instanceof TopicPart.NamedWildcard w && w.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static int fixedIndex(Topic pattern, String name) {
        for (int i = 0; i < pattern.size(); i++) {
            TopicPart part = pattern.get(i);
            if (part instanceof TopicPart.MultiWildcard) {
                return -1;
            }
            if (part instanceof TopicPart.NamedWildcard w && w.name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
