package io.eventengine.nats;

import io.eventengine.core.Topic;
import io.eventengine.core.TopicPart;
import java.util.ArrayList;
import java.util.List;

/**
 * Topics to NATS subjects. An exact topic is its literal, checked first: NATS silently never delivers a subject with
 * an empty token and mangles non-ASCII unless the connection allows UTF-8 subjects. A pattern becomes the closest
 * server subscription NATS can express ({@code {name}}, {@code *}, ranges and regexes as {@code *}, {@code **} as
 * {@code >}); when that is coarser than the pattern, messages are filtered locally too.
 */
final class SubjectMapping {
    private final boolean utf8;
    /** Exact topics checked already, for the dispatcher's exports; bounded, so unbounded topic sets do not grow it. */
    private final java.util.Map<Topic, String> checked = new java.util.concurrent.ConcurrentHashMap<>();

    SubjectMapping(boolean utf8) {
        this.utf8 = utf8;
    }

    /** The subject of an exact topic. */
    String subjectOf(Topic topic) {
        if (!topic.isExact()) {
            throw new IllegalArgumentException("'" + topic + "' is a pattern; only exact topics are NATS subjects");
        }
        String subject = checked.get(topic);
        if (subject != null) {
            return subject;
        }
        subject = topic.value();
        checkTokens(subject, subject, "topic");
        if (checked.size() < 100_000) {
            checked.put(topic, subject);
        }
        return subject;
    }

    /** The server subscription for a pattern (or exact topic) and whether it is coarser than the pattern. */
    ServerSubject serverSubjectOf(Topic pattern) {
        List<String> tokens = new ArrayList<>();
        boolean coarser = false;
        List<TopicPart> parts = pattern.parts();
        for (int i = 0; i < parts.size(); i++) {
            TopicPart part = parts.get(i);
            if (part instanceof TopicPart.Exact exact) {
                checkTokens(exact.value(), pattern.value(), "pattern");
                tokens.add(exact.value());
            } else if (part instanceof TopicPart.MultiWildcard) {
                tokens.add(">"); // NATS' '>' must be last: an inner '**' subscribes to everything after and filters
                coarser = i != parts.size() - 1;
                break;
            } else {
                tokens.add("*");
                coarser |= part instanceof TopicPart.Range || part instanceof TopicPart.Pattern;
            }
        }
        return new ServerSubject(String.join(".", tokens), coarser);
    }

    private void checkTokens(String text, String topic, String what) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("The " + what + " '" + topic + "' has an empty part: NATS never"
                    + " delivers subjects with empty tokens. Drop the empty part");
        }
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                String token = text.substring(start, i);
                if (token.isEmpty()) {
                    throw new IllegalArgumentException("The " + what + " '" + topic + "' has an empty part"
                            + " (a leading, trailing or doubled '.'): NATS never delivers subjects with empty"
                            + " tokens. Drop the empty part");
                }
                if (token.equals("*") || token.equals(">")) {
                    throw new IllegalArgumentException("The " + what + " '" + topic + "' has the part '" + token
                            + "', a NATS wildcard: it cannot be sent as a literal subject. Rename the part");
                }
                start = i + 1;
            } else if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("The " + what + " '" + topic + "' contains whitespace or a"
                        + " control character at " + i + ": NATS subjects cannot. Remove it");
            } else if (c > 0x7e && !utf8) {
                throw new IllegalArgumentException("The " + what + " '" + topic + "' contains the non-ASCII character"
                        + " '" + c + "' at " + i + ": NATS mangles it unless the connection supports UTF-8 subjects."
                        + " Build the connection with Options.builder().supportUTF8Subjects(), or use ASCII");
            }
        }
    }

    /** A server subscription and whether messages it brings must still be matched against the pattern locally. */
    record ServerSubject(String subject, boolean coarser) {}
}
