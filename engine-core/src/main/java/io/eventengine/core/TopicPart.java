package io.eventengine.core;

import java.util.List;
import java.util.Objects;

/**
 * One part of a {@link Topic}: the text between two {@code .} separators, classified by the topic grammar.
 *
 * <table>
 *   <caption>Part kinds</caption>
 *   <tr><th>written</th><th>kind</th><th>matches one exact part that</th></tr>
 *   <tr><td>{@code Data}</td><td>{@link Exact}</td><td>is equal</td></tr>
 *   <tr><td>{@code {symbol}}, {@code +symbol}</td><td>{@link NamedWildcard}</td><td>is anything (captured by name)</td></tr>
 *   <tr><td>{@code (Equity|Futures)}</td><td>{@link Range}</td><td>is one of the options</td></tr>
 *   <tr><td>{@code /^[A-Z]{4}$/}</td><td>{@link Pattern}</td><td>contains a match of the regex (RE2/J, unanchored)</td></tr>
 *   <tr><td>{@code *}</td><td>{@link SingleWildcard}</td><td>is anything</td></tr>
 *   <tr><td>{@code **}</td><td>{@link MultiWildcard}</td><td>(one <em>or more</em> consecutive exact parts)</td></tr>
 * </table>
 */
public sealed interface TopicPart
        permits TopicPart.Exact,
                TopicPart.NamedWildcard,
                TopicPart.Range,
                TopicPart.Pattern,
                TopicPart.SingleWildcard,
                TopicPart.MultiWildcard {

    /** How this part is written inside a topic literal. */
    String literal();

    /** True only for {@link Exact}: a part that names one thing rather than matching several. */
    default boolean isExact() {
        return false;
    }

    /**
     * Whether this (non-exact) part accepts the exact part text {@code value}. For an {@link Exact} part this is
     * equality. {@link MultiWildcard} accepts any single part here; its span is decided by the topic matcher.
     */
    boolean accepts(String value);

    /** A literal part. Built by {@link Topic#join(String...)} or {@link Topic#format}, its value may contain {@code .}. */
    record Exact(String value) implements TopicPart {
        public Exact {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String literal() {
            return value;
        }

        @Override
        public boolean isExact() {
            return true;
        }

        @Override
        public boolean accepts(String value) {
            return this.value.equals(value);
        }
    }

    /**
     * A named one-part wildcard, written {@code {name}} or {@code +name}; the matched value is captured under
     * {@code name}.
     *
     * @param name the capture name
     * @param literal the part as written ({@code {name}} or {@code +name})
     */
    record NamedWildcard(String name, String literal) implements TopicPart {
        public NamedWildcard {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(literal, "literal");
        }

        /** The part {@code {name}}. */
        public static NamedWildcard of(String name) {
            return new NamedWildcard(name, "{" + name + "}");
        }

        @Override
        public boolean accepts(String value) {
            return true;
        }
    }

    /**
     * One of a fixed set of options, written {@code (a|b|c)}; empty options are dropped.
     *
     * @param options the non-empty options, in written order
     * @param literal the part as written
     */
    record Range(List<String> options, String literal) implements TopicPart {
        public Range {
            options = List.copyOf(options);
            Objects.requireNonNull(literal, "literal");
        }

        @Override
        public boolean accepts(String value) {
            // Ranges are short: a linear scan beats hashing and allocates nothing.
            for (int i = 0, n = options.size(); i < n; i++) {
                if (options.get(i).equals(value)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A regular expression on one part, written {@code /regex/}. Matching is an unanchored find (use {@code ^...$}
     * to anchor) with RE2/J, which runs in time linear in the input, so no topic pattern can hang dispatch.
     */
    final class Pattern implements TopicPart {
        private final String regex;
        private final com.google.re2j.Pattern compiled;

        /**
         * Compiles {@code regex}.
         *
         * @throws TopicSyntaxException if it is not valid RE2 syntax (no backreferences or lookaround)
         */
        public Pattern(String regex) {
            this.regex = regex;
            try {
                // Compiled as written: wrapping it (as in .*(?:re).*) would break a valid regex that ends inside \Q.
                this.compiled = com.google.re2j.Pattern.compile(regex);
            } catch (com.google.re2j.PatternSyntaxException e) {
                throw new TopicSyntaxException(
                        "/" + regex + "/",
                        1,
                        "invalid regular expression: " + e.getDescription()
                                + " (RE2 syntax: no backreferences or lookaround)");
            }
        }

        /** The regular expression, without the enclosing slashes. */
        public String regex() {
            return regex;
        }

        @Override
        public String literal() {
            return "/" + regex + "/";
        }

        @Override
        public boolean accepts(String value) {
            return compiled.matcher(value).find();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pattern p && p.regex.equals(regex);
        }

        @Override
        public int hashCode() {
            return regex.hashCode();
        }

        @Override
        public String toString() {
            return "Pattern[regex=" + regex + "]";
        }
    }

    /** An anonymous one-part wildcard, written {@code *}. */
    record SingleWildcard() implements TopicPart {
        /** The only instance needed. */
        public static final SingleWildcard INSTANCE = new SingleWildcard();

        @Override
        public String literal() {
            return "*";
        }

        @Override
        public boolean accepts(String value) {
            return true;
        }
    }

    /** A wildcard for one or more consecutive parts, written {@code **}, allowed anywhere in a pattern. */
    record MultiWildcard() implements TopicPart {
        /** The only instance needed. */
        public static final MultiWildcard INSTANCE = new MultiWildcard();

        @Override
        public String literal() {
            return "**";
        }

        @Override
        public boolean accepts(String value) {
            return true;
        }
    }
}
