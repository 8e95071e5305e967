package io.eventengine.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The topic grammar, compatible with PyEventEngine's parser: {@code .} separates parts and empty parts are dropped; a
 * part that starts at the topic's start or right after a {@code .} with {@code /} is a regex that runs to the next
 * {@code /} that ends the topic or is followed by {@code .} (so it may contain {@code .} and {@code /}).
 */
final class TopicParser {
    /** Longest accepted literal, in chars: long enough for any real topic, short enough to bound matching work. */
    static final int MAX_LENGTH = 4096;
    /** Most parts a topic may have. */
    static final int MAX_PARTS = 256;

    private TopicParser() {}

    static List<TopicPart> parse(String topic) {
        int n = topic.length();
        if (n > MAX_LENGTH) {
            throw new TopicSyntaxException(
                    topic,
                    MAX_LENGTH,
                    "a topic may have at most " + MAX_LENGTH + " characters but this one has " + n
                            + "; move the data into the message's args or kwargs");
        }
        List<TopicPart> parts = new ArrayList<>();
        int i = 0;
        while (i < n) {
            char c = topic.charAt(i);
            if (c == '.') {
                if (i + 1 < n && topic.charAt(i + 1) == '/') {
                    i = parsePattern(topic, i + 1, parts);
                } else {
                    i++; // a separator; consecutive ones make empty parts, which are dropped
                }
            } else if (c == '/' && i == 0) {
                i = parsePattern(topic, 0, parts);
            } else {
                int end = topic.indexOf('.', i);
                if (end < 0) {
                    end = n;
                }
                add(parts, token(topic, i, end), topic, i);
                i = end;
            }
        }
        return parts;
    }

    /** Parses the pattern whose opening slash is at {@code open}; returns the index just after its closing slash. */
    private static int parsePattern(String topic, int open, List<TopicPart> parts) {
        int n = topic.length();
        for (int j = open + 1; j < n; j++) {
            if (topic.charAt(j) == '/' && (j == n - 1 || topic.charAt(j + 1) == '.')) {
                String regex = topic.substring(open + 1, j);
                TopicPart.Pattern pattern;
                try {
                    pattern = new TopicPart.Pattern(regex);
                } catch (TopicSyntaxException e) { // re-thrown with this topic and the position in it
                    throw new TopicSyntaxException(topic, open + 1, e.problem());
                }
                add(parts, pattern, topic, open);
                return j + 1;
            }
        }
        throw new TopicSyntaxException(
                topic,
                open,
                "unclosed pattern: a part that starts with '/' is a regex and must end with a '/' that ends the topic"
                        + " or is followed by '.'; close it, or do not start a literal part with '/'");
    }

    private static TopicPart token(String topic, int start, int end) {
        int len = end - start;
        char first = topic.charAt(start);
        char last = topic.charAt(end - 1);
        if (len == 1 && first == '*') {
            return TopicPart.SingleWildcard.INSTANCE;
        }
        if (len == 2 && first == '*' && last == '*') {
            return TopicPart.MultiWildcard.INSTANCE;
        }
        String text = topic.substring(start, end);
        if (len >= 2 && first == '+') {
            return new TopicPart.NamedWildcard(text.substring(1), text);
        }
        if (len >= 3 && first == '{' && last == '}') {
            return new TopicPart.NamedWildcard(text.substring(1, len - 1), text);
        }
        if (len >= 3 && first == '(' && last == ')') {
            List<String> options = new ArrayList<>();
            for (String option : text.substring(1, len - 1).split("\\|", -1)) {
                if (!option.isEmpty()) {
                    options.add(option);
                }
            }
            if (options.isEmpty()) {
                throw new TopicSyntaxException(
                        topic,
                        start,
                        "the range " + text + " has no options; write at least one, as in (Equity|Futures)");
            }
            return new TopicPart.Range(options, text);
        }
        return new TopicPart.Exact(text);
    }

    private static void add(List<TopicPart> parts, TopicPart part, String topic, int position) {
        if (parts.size() == MAX_PARTS) {
            throw new TopicSyntaxException(
                    topic,
                    position,
                    "a topic may have at most " + MAX_PARTS
                            + " parts; move the data into the message's args or kwargs");
        }
        parts.add(part);
    }
}
