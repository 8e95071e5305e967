package io.eventengine.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * What an RE2 regex of a topic part demands of every text it finds a match in, read conservatively from its source:
 * the literal the text must start with, and, for {@code ^literal$}, the one text it matches. {@link PatternIndex}
 * files regex parts under these so that a cold resolve looks them up instead of running every regex. When in doubt
 * (alternation anywhere, a flag group, an escape that is a class, a non-ASCII character) the answer is "nothing
 * known": the regex is then run on every candidate, never skipped.
 */
final class RegexLiterals {
    private static final String META = "\\.+*?()[]{}^$|";
    private static final String QUANTIFIERS = "*+?{";

    private RegexLiterals() {}

    /**
     * The text every match of {@code regex} (an unanchored find) must start with; empty when nothing is known. Only a
     * regex anchored with a leading {@code ^} has one.
     */
    static String requiredPrefix(String regex) {
        return scan(regex, false);
    }

    /** The only text {@code regex} finds a match in ({@code ^literal$}, RE2's {@code $} being the end of text). */
    static @Nullable String onlyMatch(String regex) {
        String only = scan(regex, true);
        return only.isEmpty() && !regex.equals("^$") ? null : only;
    }

    /**
     * Reads the literal run after a leading {@code ^}. With {@code whole}, answers the run only when it is followed
     * by a final {@code $} and nothing else, else "".
     */
    private static String scan(String regex, boolean whole) {
        if (!regex.startsWith("^") || regex.indexOf('|') >= 0) {
            return "";
        }
        StringBuilder literal = new StringBuilder();
        int i = 1;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                char next = i + 1 < regex.length() ? regex.charAt(i + 1) : 'x';
                if (next > 0x7f || Character.isLetterOrDigit(next) || next <= ' ') {
                    break; // \d, \Q, \x41, \pL...: a class or an escape this reading does not follow
                }
                literal.append(next);
                i += 2;
            } else if (c > 0x7e || c < ' ' || META.indexOf(c) >= 0) {
                break;
            } else {
                literal.append(c);
                i++;
            }
        }
        boolean quantified = i < regex.length() && QUANTIFIERS.indexOf(regex.charAt(i)) >= 0;
        if (whole) {
            return !quantified && i == regex.length() - 1 && regex.charAt(i) == '$' ? literal.toString() : "";
        }
        if (quantified && literal.length() > 0) {
            literal.setLength(literal.length() - 1); // the quantifier applies to the last character: a* may be none
        }
        return literal.toString();
    }
}
