package io.eventengine.core

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.kotest.matchers.types.shouldNotBeSameInstanceAs

private fun exact(s: String) = TopicPart.Exact(s)

private fun named(name: String, literal: String = "{$name}") =
    TopicPart.NamedWildcard(name, literal)

private fun range(literal: String, vararg options: String) =
    TopicPart.Range(options.toList(), literal)

private fun regex(re: String) = TopicPart.Pattern(re)

private val ANY: TopicPart = TopicPart.SingleWildcard.INSTANCE
private val MULTI: TopicPart = TopicPart.MultiWildcard.INSTANCE

/** Parses [literal] and checks its parts. */
private fun parsesTo(literal: String, vararg parts: TopicPart): Topic {
    val topic = Topic.of(literal)
    topic.parts() shouldBe parts.toList()
    topic.size() shouldBe parts.size
    return topic
}

/**
 * Expects [literal] to be rejected: as an IllegalArgumentException (what callers catch) that is a
 * TopicSyntaxException naming the topic and [position].
 */
private fun rejects(literal: String, position: Int): TopicSyntaxException {
    val thrown = shouldThrow<IllegalArgumentException> { Topic.of(literal) }
    val e = thrown.shouldBeInstanceOf<TopicSyntaxException>()
    e.topic() shouldBe literal
    e.position() shouldBe position
    val message = e.message!!
    message shouldContain "at position $position"
    val shown = if (literal.length <= 200) "'$literal'" else "'${literal.take(200)}..."
    message shouldContain shown
    return e
}

class TopicParseSpec :
    FunSpec({
        context("part kinds") {
            test("exact parts") {
                val t = parsesTo("Market.Data.AAPL", exact("Market"), exact("Data"), exact("AAPL"))
                t.isExact.shouldBeTrue()
                t.isEmpty.shouldBeFalse()
                t[2] shouldBe exact("AAPL")
            }

            test("named wildcards in both syntaxes") {
                val t = parsesTo("{symbol}.+side", named("symbol"), named("side", "+side"))
                t.isExact.shouldBeFalse()
                t.value() shouldBe "{symbol}.+side"
            }

            test("a range keeps its options in written order") {
                parsesTo(
                    "(Equity|Futures|Bond)",
                    range("(Equity|Futures|Bond)", "Equity", "Futures", "Bond"),
                )
                parsesTo("(a)", range("(a)", "a"))
            }

            test("a regex part") {
                val t = parsesTo("Market./^[A-Z]{4}$/", exact("Market"), regex("^[A-Z]{4}$"))
                (t[1] as TopicPart.Pattern).regex() shouldBe "^[A-Z]{4}$"
                t[1].literal() shouldBe "/^[A-Z]{4}$/"
            }

            test("* and ** are wildcards, other star runs are exact") {
                parsesTo("*.**", ANY, MULTI)
                parsesTo("***.*a.a*.a**", exact("***"), exact("*a"), exact("a*"), exact("a**"))
            }

            test("every kind in one topic") {
                val t =
                    parsesTo(
                        "a.{b}.+c.(d|e)./f.g/.*.**",
                        exact("a"),
                        named("b"),
                        named("c", "+c"),
                        range("(d|e)", "d", "e"),
                        regex("f.g"),
                        ANY,
                        MULTI,
                    )
                t.isExact.shouldBeFalse()
            }

            test("a lone + and {} are exact, as are unbalanced braces and parentheses") {
                parsesTo("+", exact("+"))
                parsesTo("{}", exact("{}"))
                parsesTo("a.+.{}", exact("a"), exact("+"), exact("{}")).isExact.shouldBeTrue()
                parsesTo("{x.y}", exact("{x"), exact("y}"))
                parsesTo("(a.b)", exact("(a"), exact("b)"))
                parsesTo("a{x}.x(a|b)", exact("a{x}"), exact("x(a|b)"))
            }

            test("a wildcard name is everything after + or inside the braces") {
                parsesTo("++", named("+", "++"))
                parsesTo("{{x}}", named("{x}", "{{x}}"))
            }
        }

        context("empty parts") {
            test("empty parts are dropped") {
                parsesTo("a..b", exact("a"), exact("b")).value() shouldBe "a.b"
                parsesTo("a....b...c", exact("a"), exact("b"), exact("c")).value() shouldBe "a.b.c"
            }

            test("leading and trailing dots are dropped") {
                parsesTo(".a.b.", exact("a"), exact("b")).value() shouldBe "a.b"
                parsesTo("..{x}..", named("x")).value() shouldBe "{x}"
            }

            test("the empty topic is exact with no parts") {
                for (literal in listOf("", ".", "....")) {
                    val t = parsesTo(literal)
                    t.isEmpty.shouldBeTrue()
                    t.isExact.shouldBeTrue()
                    t.value() shouldBe ""
                }
            }
        }

        context("ranges") {
            test("empty options are dropped") {
                parsesTo("(a|)", range("(a|)", "a"))
                parsesTo("(|a||b|)", range("(|a||b|)", "a", "b"))
            }

            test("a range of one option accepts only that option") {
                val part = Topic.of("(a|)")[0]
                part.accepts("a").shouldBeTrue()
                part.accepts("").shouldBeFalse()
                part.accepts("(a|)").shouldBeFalse()
            }

            test("a range without options is an error") {
                val e = rejects("(|)", 0)
                e.message!! shouldContain "no options"
                rejects("Market.(||).Trade", 7)
            }
        }

        context("regex parts") {
            test("a regex may contain '.' and '/'") {
                parsesTo("/a.b/", regex("a.b"))
                parsesTo("/a/b/", regex("a/b"))
                parsesTo("x./y.z/.w", exact("x"), regex("y.z"), exact("w"))
                parsesTo("/a..b/.c", regex("a..b"), exact("c")).value() shouldBe "/a..b/.c"
                parsesTo("/^a/b$/", regex("^a/b$"))
            }

            test("a regex starts at the topic start or right after '.'") {
                parsesTo("x..//a/.y", exact("x"), regex("/a"), exact("y"))
                parsesTo("Market./^[A-Z]+$/", exact("Market"), regex("^[A-Z]+$"))
            }

            test("a '/' that does not start a part is exact text") {
                parsesTo("a/b", exact("a/b")).isExact.shouldBeTrue()
                parsesTo("a.b/c/", exact("a"), exact("b/c/"))
                parsesTo("x/.y/", exact("x/"), exact("y/"))
            }

            test("a regex closes at the first '/' followed by '.' or the end") {
                parsesTo("/a/./b/", regex("a"), regex("b"))
                parsesTo("/a//", regex("a/"))
                parsesTo("/a/.b/", regex("a"), exact("b/"))
                parsesTo("/a/b/.c", regex("a/b"), exact("c"))
            }

            test("the regex is matched against one part") {
                val part = Topic.of("/^[A-Z]{4}$/")[0]
                part.accepts("AAPL").shouldBeTrue()
                part.accepts("AAPLX").shouldBeFalse()
                Topic.of("/a.c/")[0].accepts("xxabcxx").shouldBeTrue()
            }

            test("an unclosed regex is an error at its opening slash") {
                val e = rejects("/abc", 0)
                e.message!! shouldContain "unclosed pattern"
                rejects("/", 0)
                rejects("a./abc", 2)
                rejects("a../b/c", 3)
                // the closing slash must end the topic or precede '.'
                rejects("/a/b", 0)
                rejects("x./y/z.w", 2)
            }

            test("an invalid RE2 regex is an error naming its position") {
                val e = rejects("""a./(a)\1/""", 3)
                e.message!! shouldContain """/(a)\1/"""
                e.message!! shouldContain "invalid regular expression"
                rejects("/(?=x)y/", 1)
                rejects("a.b./[a-/", 5)
                rejects("/(ab/", 1)
            }

            test("a regex valid in RE2 is accepted, including \\Q quoting") {
                val part = Topic.of("""/\Qa+b/""")[0]
                part.accepts("xa+by").shouldBeTrue()
                part.accepts("aab").shouldBeFalse()
            }
        }

        context("limits") {
            test("a topic may have 4096 characters but not more") {
                Topic.of("a".repeat(4096)).value().length shouldBe 4096
                Topic.of("a/".repeat(2048)).size() shouldBe 1
                val e = rejects("a".repeat(4097), 4096)
                e.message!! shouldContain "4096 characters"
                e.message!! shouldContain "4097"
                rejects(".".repeat(5000), 4096)
            }

            test("a topic may have 256 parts but not more") {
                val ok = (0 until 256).joinToString(".") { "p$it" }
                Topic.of(ok).size() shouldBe 256
                val tooMany = (0 until 257).joinToString(".") { "p$it" }
                val e = rejects(tooMany, tooMany.lastIndexOf("p256"))
                e.message!! shouldContain "256 parts"
                // empty parts do not count
                Topic.of(ok.replace(".", "..")).size() shouldBe 256
                // regex parts count
                val regexes = (0 until 257).joinToString(".") { "/r$it/" }
                rejects(regexes, regexes.lastIndexOf("/r256/"))
            }

            test("join and append enforce the part limit too") {
                Topic.join(List(256) { "x" }).size() shouldBe 256
                shouldThrow<IllegalArgumentException> { Topic.join(List(257) { "x" }) }
                    .message!! shouldContain "256"
                shouldThrow<IllegalArgumentException> {
                    Topic.join(List(256) { "x" }).plus("y")
                }
            }
        }

        context("canonical literal") {
            test("the literal is the parts' literals joined by '.'") {
                Topic.of("a..b").value() shouldBe "a.b"
                Topic.of("..{x}..(a||b)../r.e/..+y..").value() shouldBe "{x}.(a||b)./r.e/.+y"
                Topic.of("a..b").toString() shouldBe "a.b"
            }

            test("parsing the canonical literal gives the same topic") {
                for (literal in listOf("a..b", ".x./y.z/..(a|)..+n.", "/a/./b/", "//a/.*..**")) {
                    val t = Topic.of(literal)
                    Topic.of(t.value()) shouldBe t
                    Topic.of(t.value()).parts() shouldBe t.parts()
                }
            }
        }

        context("interning") {
            test("the same literal gives the same instance") {
                Topic.of("Intern.Same.{x}") shouldBeSameInstanceAs Topic.of("Intern.Same.{x}")
            }

            test("a non-canonical literal gives the canonical instance") {
                val viaOdd = Topic.of("..Intern..Odd.")
                val canonical = Topic.of("Intern.Odd")
                viaOdd shouldBeSameInstanceAs canonical
                Topic.of("Intern...Odd") shouldBeSameInstanceAs canonical
            }

            test("join builds a new instance that is equal but not interned") {
                val joined = Topic.join("Intern", "Join")
                joined shouldBe Topic.of("Intern.Join")
                joined shouldNotBeSameInstanceAs Topic.of("Intern.Join")
            }

            test("the weak intern table does not keep topics nobody holds") {
                val kept = Topic.of("Intern.Kept.Topic")
                val before = TopicInterner.size()
                val count = 200_000
                for (i in 0 until count) {
                    Topic.of("Intern.Transient.$i")
                }
                // sanity: these topics are interned while held
                val held = Topic.of("Intern.Transient.held")
                Topic.of("Intern.Transient.held") shouldBeSameInstanceAs held
                val limit = before + count / 10
                var size = TopicInterner.size()
                var attempt = 0
                while (size >= limit && attempt < 100) {
                    System.gc()
                    Thread.sleep(20)
                    size = TopicInterner.size()
                    attempt++
                }
                size shouldBeLessThan limit
                // a topic that is held survives the collections and stays the interned instance
                Topic.of("Intern.Kept.Topic") shouldBeSameInstanceAs kept
            }
        }

        context("equality") {
            test("equal literals and parts make equal topics with equal hashes") {
                val a = Topic.of("Eq.{x}.(a|b)./r/")
                val b =
                    Topic.fromParts(
                        listOf(exact("Eq"), named("x"), range("(a|b)", "a", "b"), regex("r"))
                    )
                b shouldNotBeSameInstanceAs a
                b shouldBe a
                b.hashCode() shouldBe a.hashCode()
                a.hashCode() shouldBe "Eq.{x}.(a|b)./r/".hashCode()
            }

            test(
                "the same literal with different parts is the same topic (equality is by literal)"
            ) {
                val joined = Topic.join("a.b", "c")
                val parsed = Topic.of("a.b.c")
                joined.value() shouldBe parsed.value()
                joined shouldBe parsed
                parsed shouldBe joined
                joined.hashCode() shouldBe parsed.hashCode()
                joined.parts() shouldNotBe parsed.parts()
                Topic.join("a", "b", "c") shouldBe parsed
            }

            test("different spellings of a wildcard or range are different topics") {
                Topic.of("{x}") shouldNotBe Topic.of("+x")
                Topic.of("(a|b)") shouldNotBe Topic.of("(b|a)")
                Topic.of("/a/") shouldNotBe Topic.of("a")
                Topic.of("*") shouldNotBe Topic.of("**")
            }

            test("a topic is not equal to its literal string") {
                (Topic.of("a.b") as Any) shouldNotBe "a.b"
            }
        }

        context("join") {
            test("each argument is one exact part, taken as is") {
                val t = Topic.join("Orders", "id.42", "{x}", "(a|b)")
                t.parts() shouldBe
                    listOf(exact("Orders"), exact("id.42"), exact("{x}"), exact("(a|b)"))
                t.isExact.shouldBeTrue()
                t.value() shouldBe "Orders.id.42.{x}.(a|b)"
                t.size() shouldBe 4
            }

            test("join of nothing is the empty topic") {
                Topic.join().isEmpty.shouldBeTrue()
                Topic.join(emptyList()) shouldBe Topic.of("")
            }
        }

        context("append and plus") {
            test("append and plus build new topics and leave the original alone") {
                val base = Topic.of("Market.Data")
                base.plus("AAPL") shouldBe Topic.of("Market.Data.AAPL")
                (base + "BRK.B").parts() shouldBe
                    listOf(exact("Market"), exact("Data"), exact("BRK.B"))
                (base + Topic.of("{x}.y")) shouldBe Topic.of("Market.Data.{x}.y")
                (base + TopicPart.MultiWildcard.INSTANCE) shouldBe Topic.of("Market.Data.**")
                base.append(ANY, named("s")) shouldBe Topic.of("Market.Data.*.{s}")
                base.append() shouldBe base
                base.size() shouldBe 2
                base.value() shouldBe "Market.Data"
            }

            test("a topic with a ** appended is no longer exact") {
                val t = Topic.of("a") + TopicPart.MultiWildcard.INSTANCE
                t.isExact.shouldBeFalse()
                t.matches(Topic.of("a.b.c")).shouldBeTrue()
            }
        }
    })
