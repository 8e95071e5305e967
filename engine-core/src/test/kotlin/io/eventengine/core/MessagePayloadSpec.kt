package io.eventengine.core

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class MessagePayloadSpec :
    FunSpec({
        val topic = Topic.of("Market.Data.AAPL")

        test("args and kwargs are copies that nobody can change") {
            val args = mutableListOf<Any?>(1, null, "x")
            val kwargs = linkedMapOf<String, Any?>("price" to 10.5, "venue" to null)
            val msg = MessagePayload.of(topic, args, kwargs)
            args += "later"
            kwargs["price"] = 0

            msg.args() shouldContainExactly listOf(1, null, "x")
            msg.kwargs() shouldBe mapOf("price" to 10.5, "venue" to null)
            shouldThrow<UnsupportedOperationException> { (msg.args() as MutableList<Any?>).add(2) }
            shouldThrow<UnsupportedOperationException> {
                (msg.kwargs() as MutableMap<String, Any?>)["x"] = 1
            }
        }

        test("vararg args are copied too") {
            val array = arrayOf<Any?>("a", "b")
            val msg = MessagePayload.of(topic, *array)
            array[0] = "changed"
            msg.args() shouldContainExactly listOf("a", "b")
        }

        test("every arity reads the same through args(), get(i), argCount() and valueAs()") {
            val cases: List<List<Any?>> =
                listOf(
                    emptyList(),
                    listOf(null),
                    listOf("a"),
                    listOf("a", null),
                    listOf(null, "b"),
                    listOf(1, 2, 3),
                    listOf(arrayOf<Any?>(1), 2, 3, 4),
                )
            for (args in cases) {
                for (msg in
                    listOf(
                        MessagePayload.of(topic, args, emptyMap<String, Any>()),
                        MessagePayload.of(topic, *args.toTypedArray()),
                    )) {
                    msg.argCount() shouldBe args.size
                    msg.args() shouldContainExactly args
                    args.indices.forEach { i -> msg[i] shouldBe args[i] }
                    shouldThrow<IndexOutOfBoundsException> { msg[args.size] }.message shouldContain
                        "has ${args.size} positional args"
                    msg.valueAs(Any::class.java) shouldBe args.singleOrNull()
                    msg.toString() shouldContain "args=$args"
                }
            }
        }

        test("a lone Object[] argument stays one argument") {
            val inner = arrayOf<Any?>("x", "y", "z")
            val msg = MessagePayload.of(topic, listOf(inner), emptyMap<String, Any>())
            msg.argCount() shouldBe 1
            msg[0] shouldBe inner
            msg.valueAs(Array<Any?>::class.java) shouldBe inner
        }

        test("a payload outside an engine has no sequence numbers") {
            val msg = MessagePayload.of(topic)
            msg.seqId() shouldBe MessagePayload.NO_SEQ
            msg.parentSeqId() shouldBe MessagePayload.NO_SEQ
            msg.hasParent() shouldBe false
            msg.topic() shouldBe topic
        }

        test("Kotlin reads kwargs and args with index operators") {
            val msg =
                MessagePayload.of(
                    topic,
                    listOf("first", 2),
                    mapOf("symbol" to "AAPL", "qty" to 100),
                )
            msg["symbol"] shouldBe "AAPL"
            msg["missing"] shouldBe null
            msg[0] shouldBe "first"
            msg[1] shouldBe 2
            ("symbol" in msg) shouldBe true
            ("missing" in msg) shouldBe false
        }

        test("typed accessors convert numbers and name what is wrong") {
            val msg =
                MessagePayload.of(
                    topic,
                    listOf(42L, null),
                    mapOf("qty" to 100, "price" to 10.5, "live" to true, "symbol" to "AAPL"),
                )
            msg.getLong("qty") shouldBe 100L
            msg.getInt("qty") shouldBe 100
            msg.getDouble("price") shouldBe 10.5
            msg.getBoolean("live") shouldBe true
            msg.getString("symbol") shouldBe "AAPL"
            msg.get("symbol", String::class.java) shouldBe "AAPL"
            msg.get(0, java.lang.Long::class.java) shouldBe 42L

            val missing = shouldThrow<NoSuchElementException> { msg.getLong("size") }
            missing.message shouldContain "'size'"
            missing.message shouldContain "qty"

            val wrong = shouldThrow<ClassCastException> { msg.getLong("symbol") }
            wrong.message shouldContain "java.lang.String"
            wrong.message shouldContain "java.lang.Number"

            shouldThrow<NoSuchElementException> { msg.get(1, String::class.java) }
                .message shouldContain "arg 1"
            shouldThrow<IndexOutOfBoundsException> { msg[5] }.message shouldContain
                "has 2 positional args"
        }

        test("toString shows topic, args and kwargs") {
            val text = MessagePayload.of(topic, listOf(1), mapOf("k" to "v")).toString()
            text shouldContain "Market.Data.AAPL"
            text shouldContain "[1]"
            text shouldContain "k=v"
        }
    })
