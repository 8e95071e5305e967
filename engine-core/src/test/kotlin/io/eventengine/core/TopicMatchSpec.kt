package io.eventengine.core

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.maps.shouldBeEmpty
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain

private fun exact(s: String): TopicPart = TopicPart.Exact(s)

private fun named(name: String, literal: String = "{$name}"): TopicPart =
    TopicPart.NamedWildcard(name, literal)

private fun range(literal: String, vararg options: String): TopicPart =
    TopicPart.Range(options.toList(), literal)

private fun regex(re: String): TopicPart = TopicPart.Pattern(re)

private val ANY: TopicPart = TopicPart.SingleWildcard.INSTANCE
private val MULTI: TopicPart = TopicPart.MultiWildcard.INSTANCE

private fun ok(a: TopicPart?, b: TopicPart?, literal: String?) =
    TopicMatch.Node(true, a, b, literal)

private fun fail(a: TopicPart?, b: TopicPart?) = TopicMatch.Node(false, a, b, null)

/**
 * Matches [a] against [b] and checks what must hold for every pair: matches() and contains() agree
 * with match(), matching the other way round gives the mirrored nodes and the same captures, and a
 * failed match captures nothing.
 */
private fun match(a: Topic, b: Topic): TopicMatch {
    val m = a.match(b)
    a.matches(b) shouldBe m.isMatched
    a.contains(b) shouldBe m.isMatched
    val back = b.match(a)
    back.isMatched shouldBe m.isMatched
    back.nodes() shouldBe
        m.nodes().map { TopicMatch.Node(it.matched(), it.partB(), it.partA(), it.literal()) }
    back.captures() shouldBe m.captures()
    if (!m.isMatched) m.captures().shouldBeEmpty()
    return m
}

private fun match(a: String, b: String): TopicMatch = match(Topic.of(a), Topic.of(b))

private fun matches(a: String, b: String): Boolean = match(a, b).isMatched

class TopicMatchSpec :
    FunSpec({
        context("identical literals") {
            test("identical exact topics match as one node carrying the whole literal") {
                val m = match("Market.Data.AAPL", "Market.Data.AAPL")
                m.isMatched.shouldBeTrue()
                m.nodes() shouldBe listOf(ok(exact("Market"), exact("Market"), "Market.Data.AAPL"))
                m.captures().shouldBeEmpty()
            }

            test("an exact topic equal to a joined one matches as one node") {
                val m = match(Topic.of("a.b"), Topic.join("a", "b"))
                m.nodes() shouldBe listOf(ok(exact("a"), exact("a"), "a.b"))
            }

            test("identical patterns match as one node and capture nothing") {
                val m = match("{x}.b.**", "{x}.b.**")
                m.isMatched.shouldBeTrue()
                m.nodes() shouldBe listOf(ok(named("x"), named("x"), "{x}.b.**"))
                m.captures().shouldBeEmpty()
                m["x"].shouldBeNull()
                matches("*", "*").shouldBeTrue()
                matches("(a|b)", "(a|b)").shouldBeTrue()
                matches("/a/", "/a/").shouldBeTrue()
            }

            test("the same literal with other parts is compared part by part") {
                val m = match(Topic.join("a.b", "c"), Topic.of("a.b.c"))
                m.isMatched.shouldBeFalse()
                m.nodes() shouldBe listOf(fail(exact("a.b"), exact("a")))
            }

            test("the empty topic matches nothing, not even itself") {
                val empty = Topic.of("")
                val m = match(empty, empty)
                m.isMatched.shouldBeFalse()
                m.nodes() shouldBe emptyList()
                empty.matches(empty).shouldBeFalse()
                match(Topic.join(), Topic.of("")).isMatched.shouldBeFalse()
                match(Topic.join(), Topic.join()).nodes() shouldBe emptyList()
            }
        }

        context("positional matching") {
            test("exact against named wildcard, node by node") {
                val m = match("Market.Data.{symbol}", "Market.Data.AAPL")
                m.isMatched.shouldBeTrue()
                m.nodes() shouldBe
                    listOf(
                        ok(exact("Market"), exact("Market"), "Market"),
                        ok(exact("Data"), exact("Data"), "Data"),
                        ok(named("symbol"), exact("AAPL"), "AAPL"),
                    )
                m.captures() shouldBe mapOf("symbol" to "AAPL")
                m["symbol"] shouldBe "AAPL"
            }

            test("the +name syntax captures the same way") {
                val m = match("Market.+side.{symbol}", "Market.Buy.AAPL")
                m.nodes()[1] shouldBe ok(named("side", "+side"), exact("Buy"), "Buy")
                m.captures() shouldBe mapOf("side" to "Buy", "symbol" to "AAPL")
            }

            test("generic against generic fails at that position") {
                match("{x}", "{y}").nodes() shouldBe listOf(fail(named("x"), named("y")))
                match("*", "(a|b)").nodes() shouldBe listOf(fail(ANY, range("(a|b)", "a", "b")))
                match("a./r/", "a.{x}").nodes() shouldBe
                    listOf(ok(exact("a"), exact("a"), "a"), fail(regex("r"), named("x")))
                match("{x}.a", "{x}.a.b").isMatched.shouldBeFalse()
            }

            test("each position may have its exact part on either side") {
                val m = match("A.{x}", "{y}.B")
                m.isMatched.shouldBeTrue()
                m.nodes() shouldBe
                    listOf(ok(exact("A"), named("y"), "A"), ok(named("x"), exact("B"), "B"))
                m.captures() shouldBe mapOf("y" to "A", "x" to "B")
            }

            test("matching stops at the first failure") {
                match("a.b.c", "x.b.c").nodes() shouldBe listOf(fail(exact("a"), exact("x")))
                match("a.{x}.c", "a.b.d").nodes() shouldBe
                    listOf(
                        ok(exact("a"), exact("a"), "a"),
                        ok(named("x"), exact("b"), "b"),
                        fail(exact("c"), exact("d")),
                    )
                // a failure before a length mismatch adds no leftover node
                match("x.b", "a.b.c").nodes() shouldBe listOf(fail(exact("x"), exact("a")))
            }

            test("exact parts are compared by value, case-sensitively") {
                matches("a.B", "a.b").shouldBeFalse()
                matches("a.b", "a.b.").shouldBeTrue()
            }
        }

        context("ranges") {
            test("an exact part matches a range it is a member of") {
                val m = match("Market.(Equity|Futures).Trade", "Market.Futures.Trade")
                m.isMatched.shouldBeTrue()
                m.nodes()[1] shouldBe
                    ok(range("(Equity|Futures)", "Equity", "Futures"), exact("Futures"), "Futures")
                m.captures().shouldBeEmpty()
            }

            test("a non-member fails, and so does a substring or the range literal") {
                match("Market.(Equity|Futures).Trade", "Market.Bond.Trade").nodes() shouldBe
                    listOf(
                        ok(exact("Market"), exact("Market"), "Market"),
                        fail(range("(Equity|Futures)", "Equity", "Futures"), exact("Bond")),
                    )
                matches("(Equity|Futures)", "Equ").shouldBeFalse()
                matches("(Equity|Futures)", "EquityFutures").shouldBeFalse()
                matches("(Equity|Futures)", "Equity|Futures").shouldBeFalse()
                matches("(a|)", "a").shouldBeTrue()
                matches("(a|)", "b").shouldBeFalse()
            }
        }

        context("regex parts") {
            test("a regex is an unanchored find and its node has no literal") {
                val m = match("Order./[0-9]+/", "Order.abc123def")
                m.isMatched.shouldBeTrue()
                m.nodes() shouldBe
                    listOf(
                        ok(exact("Order"), exact("Order"), "Order"),
                        ok(regex("[0-9]+"), exact("abc123def"), null),
                    )
                m.captures().shouldBeEmpty()
                matches("/AAPL/", "xAAPLx").shouldBeTrue()
                matches("/a.c/", "xxabcxx").shouldBeTrue()
                matches("/[0-9]+/", "abc").shouldBeFalse()
            }

            test("^ and $ anchor the regex to the part") {
                matches("/^[A-Z]{4}$/", "AAPL").shouldBeTrue()
                matches("/^[A-Z]{4}$/", "AAPLX").shouldBeFalse()
                matches("/^[A-Z]{4}$/", "xAAPL").shouldBeFalse()
                matches("/^a/", "ab").shouldBeTrue()
                matches("/^a/", "ba").shouldBeFalse()
                matches("/a$/", "ba").shouldBeTrue()
                matches("/a$/", "ab").shouldBeFalse()
            }

            test("a regex sees one part only") {
                matches("/a.b/", "a.b").shouldBeFalse()
                matches("/a.b/.x", "axb.x").shouldBeTrue()
                match(Topic.of("/a\\.b/"), Topic.join("a.b")).isMatched.shouldBeTrue()
            }

            test("a failed regex node") {
                match("x./^b/", "x.ab").nodes() shouldBe
                    listOf(ok(exact("x"), exact("x"), "x"), fail(regex("^b"), exact("ab")))
            }
        }

        context("length mismatch") {
            test("a longer argument leaves a failed node with its leftover part") {
                match("a.b", "a.b.c").nodes() shouldBe
                    listOf(
                        ok(exact("a"), exact("a"), "a"),
                        ok(exact("b"), exact("b"), "b"),
                        fail(null, exact("c")),
                    )
            }

            test("a longer receiver leaves a failed node with its leftover part") {
                val m = match("a.{x}.c", "a.b")
                m.isMatched.shouldBeFalse()
                m.nodes() shouldBe
                    listOf(
                        ok(exact("a"), exact("a"), "a"),
                        ok(named("x"), exact("b"), "b"),
                        fail(exact("c"), null),
                    )
                m.captures().shouldBeEmpty()
                m["x"].shouldBeNull()
            }

            test("against the empty topic") {
                match("a", "").nodes() shouldBe listOf(fail(exact("a"), null))
                match("{x}", "").nodes() shouldBe listOf(fail(named("x"), null))
            }
        }

        context("** (one or more parts)") {
            test("prefix subscription") {
                val m = match("Audit.**", "Audit.Login.Failed")
                m.isMatched.shouldBeTrue()
                m.nodes() shouldBe
                    listOf(
                        ok(exact("Audit"), exact("Audit"), "Audit"),
                        ok(MULTI, exact("Login"), "Login"),
                        ok(MULTI, exact("Failed"), "Failed"),
                    )
                m.captures().shouldBeEmpty()
                matches("Audit.**", "Audit.x").shouldBeTrue()
                matches("Audit.**", "Other.x").shouldBeFalse()
            }

            test("** needs at least one part") {
                val m = match("Audit.**", "Audit")
                m.isMatched.shouldBeFalse()
                m.nodes() shouldBe
                    listOf(ok(exact("Audit"), exact("Audit"), "Audit"), fail(MULTI, null))
                matches("a.**", "a").shouldBeFalse()
                matches("**.a", "a").shouldBeFalse()
                matches("a.**.b", "a.b").shouldBeFalse()
            }

            test("suffix subscription") {
                val m = match("**.Error", "App.Db.Error")
                m.nodes() shouldBe
                    listOf(
                        ok(MULTI, exact("App"), "App"),
                        ok(MULTI, exact("Db"), "Db"),
                        ok(exact("Error"), exact("Error"), "Error"),
                    )
                matches("**.Error", "App.Error.Db").shouldBeFalse()
                // failure walks positionally with ** as one part
                match("**.Error", "Error").nodes() shouldBe
                    listOf(ok(MULTI, exact("Error"), "Error"), fail(exact("Error"), null))
                match("**.Error", "a.b.Warn").nodes() shouldBe
                    listOf(ok(MULTI, exact("a"), "a"), fail(exact("Error"), exact("b")))
            }

            test("** in the middle") {
                val m = match("a.**.b", "a.x.y.b")
                m.nodes() shouldBe
                    listOf(
                        ok(exact("a"), exact("a"), "a"),
                        ok(MULTI, exact("x"), "x"),
                        ok(MULTI, exact("y"), "y"),
                        ok(exact("b"), exact("b"), "b"),
                    )
                matches("a.**.b", "a.x.b").shouldBeTrue()
                matches("a.**.b", "a.x.y.c").shouldBeFalse()
                matches("a.**.b", "a.b.b").shouldBeTrue()
                matches("a.**.b", "a.b.b.b").shouldBeTrue()
            }

            test("a global ** matches every non-empty exact topic") {
                matches("**", "x").shouldBeTrue()
                match("**", "x.y.z").nodes() shouldBe
                    listOf(
                        ok(MULTI, exact("x"), "x"),
                        ok(MULTI, exact("y"), "y"),
                        ok(MULTI, exact("z"), "z"),
                    )
                match("**", "").nodes() shouldBe listOf(fail(MULTI, null))
                matches("**", "**").shouldBeTrue()
            }

            test("** backtracks") {
                val m = match("**.x.**", "x.x.y")
                m.isMatched.shouldBeTrue()
                m.nodes() shouldBe
                    listOf(
                        ok(MULTI, exact("x"), "x"),
                        ok(exact("x"), exact("x"), "x"),
                        ok(MULTI, exact("y"), "y"),
                    )
                matches("**.x.**", "x.y.x").shouldBeFalse()
                matches("**.x.**", "a.b.x.c.d").shouldBeTrue()
                match("**.a.b", "a.b.a.b").nodes() shouldBe
                    listOf(
                        ok(MULTI, exact("a"), "a"),
                        ok(MULTI, exact("b"), "b"),
                        ok(exact("a"), exact("a"), "a"),
                        ok(exact("b"), exact("b"), "b"),
                    )
                matches("a.**.b.**.c", "a.b.x.b.y.c").shouldBeTrue()
                matches("a.**.b.**.c", "a.b.x.c.y.c").shouldBeFalse()
                matches("**.**", "a").shouldBeFalse()
                matches("**.**", "a.b").shouldBeTrue()
            }

            test("** combines with the other part kinds") {
                val m = match("{svc}.**.(Error|Fatal)", "api.v1.users.Fatal")
                m.isMatched.shouldBeTrue()
                m.captures() shouldBe mapOf("svc" to "api")
                m.nodes().size shouldBe 4
                matches("**./^E/", "x.Err").shouldBeTrue()
                match("**./^E/", "x.Err").nodes()[1] shouldBe ok(regex("^E"), exact("Err"), null)
                matches("**.*", "a").shouldBeFalse()
                matches("**.*", "a.b").shouldBeTrue()
            }

            test("the exact topic may be on either side") {
                val m = match("Audit.Login", "Audit.**")
                m.nodes() shouldBe
                    listOf(
                        ok(exact("Audit"), exact("Audit"), "Audit"),
                        ok(exact("Login"), MULTI, "Login"),
                    )
            }

            test("** against a topic that is not all exact fails at the **") {
                val m = match("a.**", "a.{x}")
                m.isMatched.shouldBeFalse()
                m.nodes() shouldBe listOf(ok(exact("a"), exact("a"), "a"), fail(MULTI, named("x")))
                // positionally every part would pass, yet ** spans exact parts only
                match("**.b", "a.{x}").nodes() shouldBe listOf(fail(MULTI, exact("a")))
                match("a.b.**", "a.{x}").nodes() shouldBe
                    listOf(
                        ok(exact("a"), exact("a"), "a"),
                        ok(exact("b"), named("x"), "b"),
                        fail(MULTI, null),
                    )
                match("c.**", "a.{x}").nodes() shouldBe listOf(fail(exact("c"), exact("a")))
                matches("**", "*").shouldBeFalse()
                matches("a.**", "a.**.b").shouldBeFalse()
            }
        }

        context("* (one anonymous part)") {
            test("* matches exactly one part and captures nothing") {
                val m = match("a.*", "a.b")
                m.nodes() shouldBe listOf(ok(exact("a"), exact("a"), "a"), ok(ANY, exact("b"), "b"))
                m.captures().shouldBeEmpty()
                matches("*.*", "a.b").shouldBeTrue()
                matches("*", "a.b").shouldBeFalse()
                matches("a.*", "a").shouldBeFalse()
                match("*", "").nodes() shouldBe listOf(fail(ANY, null))
                matches("*", "{x}").shouldBeFalse()
            }
        }

        context("captures") {
            test("the first occurrence of a name wins") {
                val m = match("{a}.+b.{a}", "x.y.z")
                m.captures() shouldBe mapOf("a" to "x", "b" to "y")
                m.captures().keys.toList() shouldBe listOf("a", "b")
            }

            test("no captures when the match fails, even for parts that matched") {
                val m = match("{a}.b", "x.c")
                m.isMatched.shouldBeFalse()
                m.nodes()[0] shouldBe ok(named("a"), exact("x"), "x")
                m.captures().shouldBeEmpty()
                m["a"].shouldBeNull()
            }

            test("captures are read-only") {
                val m = match("{a}", "x")
                shouldThrow<UnsupportedOperationException> {
                    (m.captures() as MutableMap<String, String>)["b"] = "y"
                }
            }
        }

        context("format") {
            test("named wildcards are filled") {
                val pattern = Topic.of("Market.Data.{symbol}")
                val t = pattern.format(mapOf("symbol" to "AAPL"))
                t shouldBe Topic.of("Market.Data.AAPL")
                t.isExact.shouldBeTrue()
                Topic.of("+side.{n}")
                    .format(mapOf("side" to "Buy", "n" to 42, "extra" to "x")) shouldBe
                    Topic.of("Buy.42")
            }

            test("a value containing '.' stays one part") {
                val pattern = Topic.of("Market.Data.{symbol}")
                val t = pattern.format(mapOf("symbol" to "BRK.B"))
                t.parts() shouldBe listOf(exact("Market"), exact("Data"), exact("BRK.B"))
                t.value() shouldBe "Market.Data.BRK.B"
                t shouldBe Topic.of("Market.Data.BRK.B") // equal by literal; its parts still differ
                t.parts() shouldNotBe Topic.of("Market.Data.BRK.B").parts()
                match(pattern, t).captures() shouldBe mapOf("symbol" to "BRK.B")
                pattern.matches(Topic.of("Market.Data.BRK.B")).shouldBeFalse()
            }

            test("missing names stay wildcards") {
                val t = Topic.of("{a}.+b.c").format(mapOf("a" to "x"))
                t.parts() shouldBe listOf(exact("x"), named("b", "+b"), exact("c"))
                t shouldBe Topic.of("x.+b.c")
                t.isExact.shouldBeFalse()
                Topic.of("{a}").format(emptyMap<String, Any>()) shouldBe Topic.of("{a}")
            }

            test("an exact topic formats to itself") {
                Topic.of("a.b").format(mapOf("a" to "z")) shouldBe Topic.of("a.b")
                Topic.of("a.b").formatStrict(emptyMap<String, Any>()) shouldBe Topic.of("a.b")
            }

            test("range, regex, * and ** parts cannot be formatted") {
                for ((literal, part) in
                    listOf(
                        "x.(a|b).{n}" to "(a|b)",
                        "x./^a$/.{n}" to "/^a$/",
                        "x.*.{n}" to "*",
                        "x.**.{n}" to "**",
                    )) {
                    val p = Topic.of(literal)
                    val e = shouldThrow<IllegalArgumentException> { p.format(mapOf("n" to "1")) }
                    e.message!! shouldContain "Cannot format part $part of topic '$literal'"
                    e.message!! shouldContain "only named wildcards"
                    shouldThrow<IllegalArgumentException> { p.formatStrict(mapOf("n" to "1")) }
                }
            }

            test("formatStrict fills every named wildcard") {
                Topic.of("Orders.{region}.+id")
                    .formatStrict(mapOf("region" to "EU", "id" to 7)) shouldBe
                    Topic.of("Orders.EU.7")
            }

            test("formatStrict names the missing wildcard") {
                val p = Topic.of("Orders.{region}.+id")
                val e =
                    shouldThrow<IllegalArgumentException> {
                        p.formatStrict(mapOf("region" to "EU"))
                    }
                e.message!! shouldContain "No value for wildcard +id in topic 'Orders.{region}.+id'"
                e.message!! shouldContain "'id'"
                val e2 =
                    shouldThrow<IllegalArgumentException> { p.formatStrict(mapOf("id" to "1")) }
                e2.message!! shouldContain "{region}"
                e2.message!! shouldContain "'region'"
            }

            test("format then match round-trips the values") {
                val p = Topic.of("Orders.{region}.+id.{region}")
                val values = mapOf("region" to "EU", "id" to "42")
                val t = p.formatStrict(values)
                t.isExact.shouldBeTrue()
                val m = match(p, t)
                m.isMatched.shouldBeTrue()
                m.captures() shouldBe values
                m.nodes().map { it.literal() } shouldBe listOf("Orders", "EU", "42", "EU")
            }
        }
    })
