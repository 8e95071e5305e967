package io.eventengine.core.internal

import io.eventengine.core.Topic
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.arbitrary
import io.kotest.property.checkAll
import kotlin.random.Random

/*
 * The indexes against the linear matcher they replace: Topic.matches over every pattern, in
 * registration order, is the specification. Alphabets are tiny so that patterns and topics collide
 * often; regexes include the forms the index files by literal (^ab$, ^ab...) and the traps for a
 * literal reading (alternation, quantifiers, escapes, classes).
 */

private val TEXTS = listOf("a", "b", "ab", "aab", "ba", "a.b", "a\nb", "A", "a*")

internal val REGEXES =
    listOf(
        "^a$",
        "^ab$",
        "^a",
        "^ab",
        "^aa",
        "^a*b",
        "^ab?",
        "^a+",
        "^a{2}",
        "^a\\.",
        "^a\\$",
        "^a|b",
        "^(a|b)",
        "^[ab]",
        "^\\w",
        "b$",
        "a",
        "^$",
        "^a$|^b$",
        "^ab\\z",
        "^a.b$",
        "^a\\*",
        "(?i)^a",
        "^A",
        "^\\Qa\\E",
        "^a\$x",
    )

private fun Random.part(patternish: Boolean): String =
    if (!patternish || nextInt(3) == 0) {
        listOf("a", "b", "ab", "aab", "ba")[nextInt(5)]
    } else {
        when (nextInt(7)) {
            0 -> "*"
            1 -> "**"
            2 -> "{x}"
            3 -> "+y"
            4 -> listOf("(a|b)", "(ab|aab)", "(a|a)", "(b)")[nextInt(4)]
            else -> "/" + REGEXES[nextInt(REGEXES.size)] + "/"
        }
    }

private fun Random.pattern(): Topic {
    while (true) {
        val t = Topic.of(List(nextInt(1, 5)) { part(true) }.joinToString("."))
        if (!t.isExact) return t
    }
}

private fun Random.exactTopic(): Topic =
    if (nextInt(6) == 0) {
        Topic.join(List(nextInt(1, 4)) { TEXTS[nextInt(TEXTS.size)] }) // parts may hold '.'
    } else {
        Topic.of(List(nextInt(1, 5)) { part(false) }.joinToString("."))
    }

private val config = PropTestConfig(seed = 20261202L)

class RoutingPropertySpec :
    FunSpec({
        test("the pattern index returns what the linear matcher returns, in registration order") {
            checkAll(
                config.copy(iterations = 400),
                arbitrary { rs ->
                    val r = rs.random
                    List(r.nextInt(1, 40)) { r.pattern() } to List(20) { r.exactTopic() }
                },
            ) { (patterns, topics) ->
                val index = PatternIndex<Topic>()
                val live = ArrayList<Pair<Topic, Long>>()
                val random = Random(patterns.hashCode())
                patterns.forEachIndexed { order, p ->
                    if (live.none { it.first == p }) {
                        index.add(p, p, order.toLong())
                        live += p to order.toLong()
                    }
                    if (random.nextInt(4) == 0 && live.isNotEmpty()) { // churn: remove one
                        val gone = live.removeAt(random.nextInt(live.size))
                        index.remove(gone.first, gone.first) shouldBe true
                    }
                }
                index.size() shouldBe live.size
                for (topic in topics) {
                    val expected = live.filter { it.first.matches(topic) }.map { it.first }
                    withClue("topic ${topic.parts()} against ${live.map { it.first }}") {
                        index.match(topic).map { it.value() } shouldBe expected
                    }
                }
            }
        }

        test("a removed pattern is gone and its empty nodes pruned: the index returns to empty") {
            checkAll(
                config.copy(iterations = 200),
                arbitrary { rs ->
                    List(rs.random.nextInt(1, 30)) { rs.random.pattern() }.distinct()
                },
            ) { patterns ->
                val index = PatternIndex<Topic>()
                patterns.forEachIndexed { i, p -> index.add(p, p, i.toLong()) }
                patterns.shuffled(Random(patterns.size)).forEach {
                    index.remove(it, it) shouldBe true
                }
                index.size() shouldBe 0
                index.remove(patterns[0], patterns[0]) shouldBe false
            }
        }

        test("a topic table finds the held topics a pattern matches, as the linear matcher does") {
            checkAll(
                config.copy(iterations = 400),
                arbitrary { rs ->
                    val r = rs.random
                    List(r.nextInt(1, 60)) { r.exactTopic() } to
                        List(10) { if (r.nextInt(4) == 0) r.exactTopic() else r.pattern() }
                },
            ) { (held, queries) ->
                val table = TopicTable<String>(32)
                held.forEach { table.put(it, it.value()) }
                val inTable = ArrayList<Topic>()
                table.forEach { t, _ -> inTable += t }
                inTable.size shouldBe table.size()
                table.size() shouldBe minOf(32, held.map { it.value() }.distinct().size)
                for (q in queries) {
                    withClue("query ${q.parts()} over ${inTable.map { it.parts() }}") {
                        table.matchedBy(q) shouldContainExactlyInAnyOrder
                            inTable.filter { q.matches(it) }
                    }
                }
            }
        }

        test(
            "a topic table's get agrees with a put-ordered model through puts, replaces, removes, evictions"
        ) {
            // The model: one entry per literal, the least recently put evicted beyond 8 (a replace
            // keeps its place), a get that answers only for the same parts. Tiny alphabets make
            // literals collide (join
            // keys with '.' in a part share literals with parsed ones) and fill long probe runs.
            checkAll(
                config.copy(iterations = 300),
                arbitrary { rs ->
                    val r = rs.random
                    List(r.nextInt(1, 200)) { r.nextInt(20) to r.exactTopic() }
                },
            ) { ops ->
                val table = TopicTable<Int>(8)
                val model = LinkedHashMap<String, Pair<Topic, Int>>()
                ops.forEachIndexed { step, (op, topic) ->
                    when {
                        op == 0 -> {
                            table.clear()
                            model.clear()
                        }
                        op < 5 -> table.remove(topic) shouldBe model.remove(topic.value())?.second
                        op < 8 -> {
                            val held = model[topic.value()]
                            table.replace(topic, step) shouldBe (held != null)
                            if (held != null) model[topic.value()] = held.first to step
                        }
                        else -> {
                            val replaced = model.remove(topic.value())
                            val evicted =
                                if (replaced == null && model.size >= 8) {
                                    model.remove(model.keys.first())!!.second
                                } else {
                                    null
                                }
                            model[topic.value()] = topic to step
                            table.put(topic, step) shouldBe evicted
                        }
                    }
                    table.size() shouldBe model.size
                    for ((held, value) in model.values) {
                        withClue("held ${held.parts()} after step $step") {
                            table.get(held) shouldBe value
                        }
                    }
                    for ((_, probe) in ops) {
                        val held = model[probe.value()]
                        val expected =
                            if (held != null && held.first.parts() == probe.parts()) held.second
                            else null
                        withClue("probe ${probe.parts()} after step $step") {
                            table.get(probe) shouldBe expected
                        }
                    }
                }
            }
        }

        test("a topic table evicts the least recently put topic, and re-putting refreshes one") {
            val table = TopicTable<Int>(2)
            table.put(Topic.of("a"), 1) shouldBe null
            table.put(Topic.of("b"), 2) shouldBe null
            table.put(Topic.of("a"), 3) shouldBe null // refreshed: b is now the eldest
            table.put(Topic.of("c"), 4) shouldBe 2
            table.get(Topic.of("b")) shouldBe null
            table.get(Topic.of("a")) shouldBe 3
            table.matchedBy(Topic.of("*")) shouldContainExactlyInAnyOrder
                listOf(Topic.of("a"), Topic.of("c"))
            table.remove(Topic.of("a")) shouldBe 3
            table.matchedBy(Topic.of("**")) shouldBe listOf(Topic.of("c"))
            table.get(Topic.join("c")) shouldBe 4
            table.get(Topic.join("a", "b")) shouldBe null
        }

        test("bad input to the indexes names what was wrong") {
            val index = PatternIndex<String>()
            val e1 = runCatching { index.add(Topic.of("a.b"), "v", 0) }.exceptionOrNull()
            e1?.message shouldBe
                "PatternIndex holds patterns only; 'a.b' is exact: look it up by its literal"
            val e2 = runCatching { index.match(Topic.of("a.*")) }.exceptionOrNull()
            e2?.message shouldBe "Only an exact topic can be looked up; 'a.*' is not"
            val e3 = runCatching {
                TopicTable<String>(4).put(Topic.of("a.*"), "v")
            }
                .exceptionOrNull()
            e3?.message shouldBe "TopicTable holds exact topics only; 'a.*' is a pattern"
            runCatching { TopicTable<String>(0) }.exceptionOrNull()?.message shouldBe
                "maxEntries must be >= 1, got 0"
        }

        test("what a regex's literal reading promises holds for every text it finds a match in") {
            for (regex in REGEXES) {
                val compiled = com.google.re2j.Pattern.compile(regex)
                val prefix = RegexLiterals.requiredPrefix(regex)
                val only = RegexLiterals.onlyMatch(regex)
                val texts = TEXTS + listOf("", "aa", "abc", "a.", "a$", "b", "aaab", "ax") + prefix
                for (text in texts) {
                    if (compiled.matcher(text).find()) {
                        withClue("/$regex/ finds a match in '$text'") {
                            text.startsWith(prefix) shouldBe true
                            if (only != null) text shouldBe only
                        }
                    }
                }
            }
            RegexLiterals.onlyMatch("^ab$") shouldBe "ab"
            RegexLiterals.requiredPrefix("^ab+c") shouldBe "a"
            RegexLiterals.requiredPrefix("^ab*c") shouldBe "a"
            RegexLiterals.requiredPrefix("^a|b") shouldBe ""
            RegexLiterals.onlyMatch("^a.b$") shouldBe null
        }
    })
