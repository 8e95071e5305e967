package io.eventengine.core;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable topic: a list of {@link TopicPart parts} written as a literal such as {@code Market.Data.AAPL} or
 * {@code Market.Data.{symbol}}.
 *
 * <p>Grammar (PyEventEngine's, plus {@code *} and {@code **}): parts are separated by {@code .} and empty parts are
 * dropped; {@code {name}} and {@code +name} are named one-part wildcards (a lone {@code +} and {@code {}} are exact);
 * {@code (a|b)} is a range (empty options dropped); {@code /regex/} is a regex on one part, which may contain {@code
 * .} and {@code /} and ends at a {@code /} that ends the topic or precedes {@code .}; {@code *} is an anonymous
 * one-part wildcard and {@code **} spans one or more parts, anywhere in the pattern.
 *
 * <p><b>Equality is by literal</b>, as in PyEventEngine: a topic is equal to another, and hashed, by its literal (the
 * parts joined by {@code .}), so exact hooks are keyed by literal and {@code Topic.join("a", "600010.SH")} (two parts,
 * the second containing a {@code .}) reaches the same exact hooks as {@code Topic.of("a.600010.SH")} (three parts).
 * Parts matter in one place only: where a pattern is matched against a message's topic ({@link #match}, {@link
 * #matches}, and the engine's pattern routing), which goes part by part, so {@code a.{code}} matches the joined topic
 * and not the parsed one. Parsed topics with equal literals always have equal parts.
 */
public final class Topic {
    private static final TopicPart[] NO_PARTS = new TopicPart[0];

    private final String value;
    private final TopicPart[] parts;
    private final boolean exact;
    private final boolean multiWildcard;
    private final int hash;
    private @Nullable List<TopicPart> partList;

    private Topic(String value, TopicPart[] parts) {
        this.value = value;
        this.parts = parts;
        boolean allExact = true;
        boolean multi = false;
        for (TopicPart part : parts) {
            allExact &= part.isExact();
            multi |= part instanceof TopicPart.MultiWildcard;
        }
        this.exact = allExact;
        this.multiWildcard = multi;
        this.hash = value.hashCode();
    }

    /**
     * Parses {@code literal}, returning the one shared instance for it while anyone holds a reference (interned by
     * its canonical literal, weakly, so unbounded streams of distinct topics do not accumulate).
     *
     * @throws TopicSyntaxException naming the position and the fix when the literal does not parse
     */
    public static Topic of(String literal) {
        Objects.requireNonNull(literal, "literal");
        Topic cached = TopicInterner.lookup(literal);
        if (cached != null) {
            return cached;
        }
        TopicPart[] parts = TopicParser.parse(literal).toArray(NO_PARTS);
        return TopicInterner.intern(new Topic(literalOf(parts), parts));
    }

    /**
     * An exact topic with one exact part per argument, taken as is: a part may contain {@code .} (as in {@code
     * join("Orders", "id.42")}) and stays one part.
     */
    public static Topic join(String... parts) {
        return join(Arrays.asList(parts));
    }

    /** See {@link #join(String...)}. */
    public static Topic join(List<String> parts) {
        TopicPart[] exactParts = new TopicPart[parts.size()];
        for (int i = 0; i < exactParts.length; i++) {
            exactParts[i] = new TopicPart.Exact(parts.get(i));
        }
        return fromParts(exactParts);
    }

    /** A topic made of {@code parts} as given. */
    public static Topic fromParts(List<? extends TopicPart> parts) {
        return fromParts(parts.toArray(NO_PARTS));
    }

    private static Topic fromParts(TopicPart[] parts) {
        if (parts.length > TopicParser.MAX_PARTS) {
            throw new IllegalArgumentException("A topic may have at most " + TopicParser.MAX_PARTS + " parts, got "
                    + parts.length + "; move the data into the message's args or kwargs");
        }
        for (TopicPart part : parts) {
            Objects.requireNonNull(part, "a topic part is null");
        }
        return new Topic(literalOf(parts), parts);
    }

    private static String literalOf(TopicPart[] parts) {
        if (parts.length == 1) {
            return parts[0].literal();
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(parts[i].literal());
        }
        return sb.toString();
    }

    /** The canonical literal: the parts joined by {@code .}. */
    public String value() {
        return value;
    }

    /** The parts, in order. */
    public List<TopicPart> parts() {
        List<TopicPart> list = partList;
        if (list == null) {
            list = List.of(parts); // benign race: every thread builds an equal immutable list
            partList = list;
        }
        return list;
    }

    /** The number of parts. */
    public int size() {
        return parts.length;
    }

    /** The part at {@code index}; Kotlin reads this as {@code topic[0]}. */
    public TopicPart get(int index) {
        return parts[index];
    }

    /** True when the topic has no parts (the literal {@code ""}). */
    public boolean isEmpty() {
        return parts.length == 0;
    }

    /** True when every part is exact: only such topics can be published. */
    public boolean isExact() {
        return exact;
    }

    boolean hasMultiWildcard() {
        return multiWildcard;
    }

    TopicPart[] partArray() {
        return parts;
    }

    /**
     * Whether this topic and {@code other} match, as {@code match(other).isMatched()} but without allocating (a regex
     * part allocates what RE2/J needs). Usually one side is a pattern and the other the exact topic of a message.
     */
    public boolean matches(Topic other) {
        return TopicMatcher.matches(this, other);
    }

    /** Same as {@link #matches(Topic)}; Kotlin reads it as {@code exact in pattern}. */
    public boolean contains(Topic other) {
        return matches(other);
    }

    /** Matches this topic against {@code other}, node by node, with captures; see {@link TopicMatch}. */
    public TopicMatch match(Topic other) {
        return TopicMatcher.match(this, other);
    }

    /**
     * Fills the named wildcards that {@code values} names with the value's {@code toString()} (one exact part even if
     * it contains {@code .}); wildcards it does not name stay as they are.
     *
     * @throws IllegalArgumentException if the topic has a range, regex, {@code *} or {@code **} part, which has no
     *     name to fill
     */
    public Topic format(Map<String, ?> values) {
        return format(values, false);
    }

    /**
     * Like {@link #format(Map)}, but every named wildcard must be filled, so the result is exact.
     *
     * @throws IllegalArgumentException naming the first wildcard that {@code values} lacks
     */
    public Topic formatStrict(Map<String, ?> values) {
        return format(values, true);
    }

    private Topic format(Map<String, ?> values, boolean strict) {
        TopicPart[] out = parts.clone();
        for (int i = 0; i < out.length; i++) {
            TopicPart part = out[i];
            if (part instanceof TopicPart.NamedWildcard w) {
                Object v = values.get(w.name());
                if (v != null) {
                    out[i] = new TopicPart.Exact(v.toString());
                } else if (strict) {
                    throw new IllegalArgumentException("No value for wildcard " + w.literal() + " in topic '" + value
                            + "'; pass a value for '" + w.name() + "' or use format() to keep it");
                }
            } else if (!part.isExact()) {
                throw new IllegalArgumentException("Cannot format part " + part.literal() + " of topic '" + value
                        + "': only named wildcards ({name} or +name) can be filled");
            }
        }
        return fromParts(out);
    }

    /** A new topic with {@code more} appended. */
    public Topic append(TopicPart... more) {
        TopicPart[] out = Arrays.copyOf(parts, parts.length + more.length);
        System.arraycopy(more, 0, out, parts.length, more.length);
        return fromParts(out);
    }

    /** A new topic with {@code part} appended; Kotlin reads this as {@code topic + part}. */
    public Topic plus(TopicPart part) {
        return append(part);
    }

    /** A new topic with the parts of {@code other} appended; Kotlin reads this as {@code topic + other}. */
    public Topic plus(Topic other) {
        return append(other.parts);
    }

    /** A new topic with one exact part appended, taken as is (not parsed); Kotlin: {@code topic + "AAPL"}. */
    public Topic plus(String exactPart) {
        return append(new TopicPart.Exact(exactPart));
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Topic t && t.hash == hash && t.value.equals(value);
    }

    /** Whether {@code other} has the same parts (topics equal by literal may differ in parts; see the class doc). */
    boolean samePartsAs(Topic other) {
        return other == this || Arrays.equals(other.parts, parts);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The literal. */
    @Override
    public String toString() {
        return value;
    }
}
