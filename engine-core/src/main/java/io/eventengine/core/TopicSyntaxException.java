package io.eventengine.core;

/**
 * A topic literal that does not follow the topic grammar. The message names the topic, the position (0-based index
 * into the literal) and how to fix it.
 */
public final class TopicSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final int position;
    private final String problem;

    /**
     * @param topic the literal that failed to parse
     * @param position 0-based index into {@code topic} where the problem is
     * @param problem what is wrong and what to do instead
     */
    public TopicSyntaxException(String topic, int position, String problem) {
        super("Invalid topic '" + abbreviate(topic) + "' at position " + position + ": " + problem);
        this.topic = topic;
        this.position = position;
        this.problem = problem;
    }

    /** What is wrong and what to do instead, without the topic and position. */
    public String problem() {
        return problem;
    }

    /** The literal that failed to parse. */
    public String topic() {
        return topic;
    }

    /** The 0-based index into {@link #topic()} where the problem is. */
    public int position() {
        return position;
    }

    private static String abbreviate(String topic) {
        return topic.length() <= 200 ? topic : topic.substring(0, 200) + "...(" + topic.length() + " chars)";
    }
}
