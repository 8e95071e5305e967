package io.eventengine.core

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.doubles.shouldBeGreaterThan
import io.kotest.matchers.maps.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.kotest.property.arbitrary.arbitrary
import io.kotest.property.checkAll
import kotlin.random.Random

/*
 * A model of the topic grammar with its own matching semantics, written from the specification and
 * independent of the production parser and matcher: regex parts use java.util.regex (the generated
 * regexes are ones on which it and RE2 agree), and matching is a plain recursive search.
 */

/** One generated part: how it is written, and which single exact part text it accepts. */
private sealed class GPart {
    abstract val literal: String

    /** The part the parser must produce for [literal]. */
    abstract fun expected(): TopicPart

    abstract fun accepts(text: String): Boolean

    data class Lit(val text: String) : GPart() {
        override val literal
            get() = text

        override fun expected(): TopicPart = TopicPart.Exact(text)

        override fun accepts(text: String) = text == this.text
    }

    data class Named(val name: String, val plus: Boolean) : GPart() {
        override val literal
            get() = if (plus) "+$name" else "{$name}"

        override fun expected(): TopicPart = TopicPart.NamedWildcard(name, literal)

        override fun accepts(text: String) = true
    }

    /** A range as written, possibly with empty options. */
    data class Rng(val written: List<String>) : GPart() {
        val options
            get() = written.filter { it.isNotEmpty() }

        override val literal
            get() = written.joinToString("|", "(", ")")

        override fun expected(): TopicPart = TopicPart.Range(options, literal)

        override fun accepts(text: String) = text in options
    }

    data class Re(val re: String) : GPart() {
        private val compiled = java.util.regex.Pattern.compile(re)

        override val literal
            get() = "/$re/"

        override fun expected(): TopicPart = TopicPart.Pattern(re)

        override fun accepts(text: String) = compiled.matcher(text).find()
    }

    object Star : GPart() {
        override val literal = "*"

        override fun expected(): TopicPart = TopicPart.SingleWildcard.INSTANCE

        override fun accepts(text: String) = true

        override fun toString() = "Star"
    }

    object Globstar : GPart() {
        override val literal = "**"

        override fun expected(): TopicPart = TopicPart.MultiWildcard.INSTANCE

        override fun accepts(text: String) = true

        override fun toString() = "Globstar"
    }
}

private fun List<GPart>.literal() = joinToString(".") { it.literal }

private fun List<GPart>.allExact() = all { it is GPart.Lit }

/** Reference for `Topic.matches`: PyEventEngine rules plus `*` and `**`, by brute force. */
private fun refMatches(a: List<GPart>, b: List<GPart>): Boolean {
    if (a.isEmpty() && b.isEmpty()) return false
    if (a == b) return true
    if (a.contains(GPart.Globstar) || b.contains(GPart.Globstar)) {
        return when {
            a.allExact() -> glob(b, 0, a, 0)
            b.allExact() -> glob(a, 0, b, 0)
            else -> false
        }
    }
    if (a.size != b.size) return false
    return a.indices.all { i -> positionMatches(a[i], b[i]) }
}

private fun positionMatches(x: GPart, y: GPart): Boolean =
    when {
        x is GPart.Lit && y is GPart.Lit -> x.text == y.text
        x is GPart.Lit -> y.accepts(x.text)
        y is GPart.Lit -> x.accepts(y.text)
        else -> false
    }

/**
 * Whether the pattern from index i matches the exact parts from index j; a `**` takes one or more
 * parts.
 */
private fun glob(pattern: List<GPart>, i: Int, exact: List<GPart>, j: Int): Boolean =
    when {
        i == pattern.size -> j == exact.size
        pattern[i] == GPart.Globstar ->
            (j + 1..exact.size).any { k -> glob(pattern, i + 1, exact, k) }
        j == exact.size -> false
        else ->
            pattern[i].accepts((exact[j] as GPart.Lit).text) && glob(pattern, i + 1, exact, j + 1)
    }

/**
 * Reference captures of a successful match, where they are unambiguous (at most one `**`): each
 * named wildcard facing an exact part, in position order, the first occurrence of a name winning.
 */
private fun refCaptures(a: List<GPart>, b: List<GPart>): Map<String, String> {
    if (a == b) return emptyMap()
    val pairs: List<Pair<GPart, GPart>> =
        if (GPart.Globstar !in a && GPart.Globstar !in b) {
            a.zip(b)
        } else {
            val (pattern, exact) = if (a.allExact()) b to a else a to b
            val star = pattern.indexOf(GPart.Globstar)
            val suffix = pattern.size - star - 1
            pattern.subList(0, star).zip(exact) +
                pattern
                    .subList(star + 1, pattern.size)
                    .zip(exact.subList(exact.size - suffix, exact.size))
        }
    val out = LinkedHashMap<String, String>()
    for ((x, y) in pairs) {
        if (x is GPart.Named && y is GPart.Lit) out.putIfAbsent(x.name, y.text)
        if (y is GPart.Named && x is GPart.Lit) out.putIfAbsent(y.name, x.text)
    }
    return out
}

// ---- generators ----

private fun Random.pick(chars: String, min: Int, max: Int) =
    String(CharArray(nextInt(min, max + 1)) { chars[nextInt(chars.length)] })

private fun <T> Random.of(vararg items: T): T = items[nextInt(items.size)]

/** Whether [s], written as a part in any position, parses as an exact part (per the grammar). */
private fun isPlainExact(s: String): Boolean =
    s.isNotEmpty() &&
        '.' !in s &&
        s != "*" &&
        s != "**" &&
        !s.startsWith("/") &&
        !(s.length >= 2 && s.startsWith("+")) &&
        !(s.length >= 3 && s.startsWith("{") && s.endsWith("}")) &&
        !(s.length >= 3 && s.startsWith("(") && s.endsWith(")"))

/** Regexes for the parse round trip: with '.', '/', anchors, braces and alternation. */
private val ROUND_TRIP_REGEXES =
    listOf("^a", "b$", "a.c", "x/y", "a/", "/a", "^[A-Z]{2}$", "\\d+", "(a|b)c", "a..b", "[./]", "")

/**
 * A part for the parse round trip, drawn from small alphabets that include the grammar's symbols.
 */
private fun Random.richPart(): GPart =
    when (nextInt(7)) {
        0,
        1 -> {
            var s: String
            do {
                s = pick("abXY01_-+{}()/*|", 1, 4)
            } while (!isPlainExact(s))
            GPart.Lit(s)
        }
        2 -> GPart.Named(pick("ab_1/+{", 1, 3), nextBoolean())
        3 -> {
            val written = List(nextInt(1, 4)) { pick("ab1-{/+*", 0, 2) }
            GPart.Rng(if (written.all { it.isEmpty() }) written + "z" else written)
        }
        4 -> GPart.Re(ROUND_TRIP_REGEXES[nextInt(ROUND_TRIP_REGEXES.size)])
        5 -> GPart.Star
        else -> GPart.Globstar
    }

/** Writes [parts] with random redundant dots, which the parser must drop. */
private fun Random.noisyLiteral(parts: List<GPart>): String {
    val sb = StringBuilder()
    repeat(nextInt(3)) { sb.append('.') }
    parts.forEachIndexed { i, p ->
        if (i > 0) repeat(nextInt(1, 4)) { sb.append('.') }
        sb.append(p.literal)
    }
    repeat(nextInt(3)) { sb.append('.') }
    return sb.toString()
}

/** Exact words for matching, over two letters so that parts collide often. */
private val WORDS = listOf("a", "b", "aa", "ab", "ba", "bb", "aba", "bab")

/** Regexes for matching, on which java.util.regex and RE2 agree. */
private val MATCH_REGEXES =
    listOf("^a", "b$", "a", "^(ab)+$", "^.$", "a|bb", "^[ab]{2}$", "ba", "^b.*a$")

private val MATCHING_WORDS: Map<String, List<String>> = MATCH_REGEXES.associateWith { re ->
    WORDS.filter { GPart.Re(re).accepts(it) }
}

private fun Random.word() = WORDS[nextInt(WORDS.size)]

private fun Random.matchPart(exactBias: Int = 3): GPart =
    when (nextInt(exactBias + 6)) {
        in 0 until exactBias -> GPart.Lit(word())
        exactBias -> GPart.Named(of("x", "y", "z"), nextBoolean())
        exactBias + 1 -> GPart.Rng(List(nextInt(1, 4)) { word() })
        exactBias + 2 -> GPart.Re(MATCH_REGEXES[nextInt(MATCH_REGEXES.size)])
        exactBias + 3 -> GPart.Star
        else -> GPart.Globstar
    }

private fun Random.pattern(maxParts: Int = 5): List<GPart> =
    List(nextInt(maxParts + 1)) { matchPart() }

/** Exact words that [pattern] accepts, then sometimes mutated so that some do not match. */
private fun Random.exactFor(pattern: List<GPart>): List<GPart.Lit> {
    val words = mutableListOf<String>()
    for (p in pattern) {
        when (p) {
            is GPart.Lit -> words += p.text
            is GPart.Named,
            GPart.Star -> words += word()
            is GPart.Rng -> words += p.options[nextInt(p.options.size)]
            is GPart.Re -> words += MATCHING_WORDS.getValue(p.re).let { it[nextInt(it.size)] }
            GPart.Globstar -> repeat(nextInt(1, 4)) { words += word() }
        }
    }
    when (nextInt(10)) {
        0 -> if (words.isNotEmpty()) words[nextInt(words.size)] = word()
        1 -> if (words.isNotEmpty()) words.removeAt(nextInt(words.size))
        2 -> words.add(nextInt(words.size + 1), word())
        3 -> return List(nextInt(5)) { GPart.Lit(word()) }
    }
    return words.map { GPart.Lit(it) }
}

private fun topicOf(parts: List<GPart>): Topic = Topic.of(parts.literal())

private val roundTripArb = arbitrary { rs ->
    val parts = List(rs.random.nextInt(7)) { rs.random.richPart() }
    parts to rs.random.noisyLiteral(parts)
}

private val patternAndExactArb = arbitrary { rs ->
    val pattern = rs.random.pattern()
    pattern to rs.random.exactFor(pattern)
}

private val anyPairArb = arbitrary { rs ->
    val r = rs.random
    val a = r.pattern(4)
    val b =
        when (r.nextInt(4)) {
            0 -> a.toList() // identical
            1 -> r.exactFor(a)
            else -> r.pattern(4)
        }
    if (r.nextBoolean()) a to b else b to a
}

/** Patterns of exact parts and named wildcards only, with values for every name (no '.'). */
private val formatArb = arbitrary { rs ->
    val r = rs.random
    val parts =
        List(r.nextInt(1, 6)) {
            if (r.nextInt(3) == 0) GPart.Lit(r.word())
            else GPart.Named(r.of("x", "y", "z", "sym"), r.nextBoolean())
        }
    val values =
        parts.filterIsInstance<GPart.Named>().associate {
            it.name to r.pick("ab1+{}()/*|-_ ", 0, 4)
        }
    parts to values
}

private const val ITERATIONS = 1000

class TopicPropertySpec :
    FunSpec({
        test("(a) parsing the canonical literal gives back the same topic") {
            checkAll(ITERATIONS, roundTripArb) { (parts, literal) ->
                withClue("literal '$literal'") {
                    val t = Topic.of(literal)
                    t.parts() shouldBe parts.map { it.expected() }
                    t.value() shouldBe parts.literal()
                    t.isExact shouldBe parts.allExact()
                    Topic.of(t.value()) shouldBeSameInstanceAs t
                    Topic.fromParts(t.parts()) shouldBe t
                }
            }
        }

        test("(b) matches agrees with a reference matcher for patterns against exact topics") {
            var matched = 0
            var withGlobstar = 0
            checkAll(ITERATIONS * 2, patternAndExactArb) { (pattern, exact) ->
                val p = topicOf(pattern)
                val e = topicOf(exact)
                val expected = refMatches(pattern, exact)
                withClue("'${p.value()}' against '${e.value()}'") {
                    p.matches(e) shouldBe expected
                    e.matches(p) shouldBe expected
                    if (expected && pattern.count { it == GPart.Globstar } <= 1) {
                        p.match(e).captures() shouldBe refCaptures(pattern, exact)
                    }
                }
                if (expected) matched++
                if (expected && GPart.Globstar in pattern) withGlobstar++
            }
            // the generator must exercise both outcomes, ** included
            withClue("matched $matched of ${ITERATIONS * 2}") {
                matched / (ITERATIONS * 2.0) shouldBeGreaterThan 0.3
                (ITERATIONS * 2 - matched) / (ITERATIONS * 2.0) shouldBeGreaterThan 0.1
                withGlobstar / (ITERATIONS * 2.0) shouldBeGreaterThan 0.05
            }
        }

        test("(b) matches agrees with the reference matcher for any two topics") {
            var matched = 0
            checkAll(ITERATIONS * 2, anyPairArb) { (a, b) ->
                val ta = topicOf(a)
                val tb = topicOf(b)
                val expected = refMatches(a, b)
                withClue("'${ta.value()}' against '${tb.value()}'") {
                    ta.matches(tb) shouldBe expected
                    tb.matches(ta) shouldBe expected
                    if (expected && (a + b).count { it == GPart.Globstar } <= 1) {
                        ta.match(tb).captures() shouldBe refCaptures(a, b)
                    }
                }
                if (expected) matched++
            }
            matched / (ITERATIONS * 2.0) shouldBeGreaterThan 0.2
        }

        test("(c) matches always equals match().isMatched()") {
            checkAll(ITERATIONS, anyPairArb) { (a, b) ->
                val ta = topicOf(a)
                val tb = topicOf(b)
                withClue("'${ta.value()}' against '${tb.value()}'") {
                    val m = ta.match(tb)
                    ta.matches(tb) shouldBe m.isMatched
                    tb.matches(ta) shouldBe tb.match(ta).isMatched
                    if (m.isMatched) {
                        m.nodes().all { it.matched() }.shouldBeTrue()
                    } else {
                        m.captures().shouldBeEmpty()
                        if (m.nodes().isNotEmpty()) m.nodes().last().matched() shouldBe false
                        m.nodes().dropLast(1).all { it.matched() }.shouldBeTrue()
                    }
                }
            }
        }

        test("(d) formatting every named wildcard gives an exact topic the pattern matches") {
            checkAll(ITERATIONS, formatArb) { (parts, values) ->
                val pattern = topicOf(parts)
                withClue("'${pattern.value()}' with $values") {
                    val formatted = pattern.format(values)
                    pattern.formatStrict(values) shouldBe formatted
                    formatted.isExact.shouldBeTrue()
                    formatted.parts() shouldBe
                        parts.map {
                            TopicPart.Exact(
                                if (it is GPart.Named) values.getValue(it.name) else it.literal
                            )
                        }
                    val m = pattern.match(formatted)
                    m.isMatched.shouldBeTrue()
                    pattern.matches(formatted).shouldBeTrue()
                    m.captures() shouldBe values
                    formatted.match(pattern).captures() shouldBe values
                    // leaving one name out keeps its wildcard; formatStrict names it
                    val missing = values.keys.firstOrNull()
                    if (missing != null) {
                        val partial = values - missing
                        val kept = pattern.format(partial)
                        kept
                            .parts()
                            .filterIsInstance<TopicPart.NamedWildcard>()
                            .map { it.name() }
                            .toSet() shouldBe setOf(missing)
                        val e =
                            io.kotest.assertions.throwables.shouldThrow<IllegalArgumentException> {
                                pattern.formatStrict(partial)
                            }
                        e.message!! shouldContain "'$missing'"
                    }
                }
            }
        }
    })
