package io.eventengine.coroutines

import io.eventengine.core.EventEngine
import io.eventengine.core.EventHandler
import io.eventengine.core.EventHook
import io.eventengine.core.MessagePayload
import io.eventengine.core.PublishOptions
import io.eventengine.core.QueueEmptyException
import io.eventengine.core.QueueFullException
import io.eventengine.core.Topic
import io.eventengine.test.ManualClock
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.time.Instant
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

class DslSpec :
    FunSpec({
        context("eventEngine { }") {
            test("applies what is set and keeps the builder's defaults for the rest") {
                val manual = ManualClock(Instant.parse("2026-01-01T00:00:00Z"))
                eventEngine {
                    capacity = 5
                    name = "dsl"
                    batchSize = 16
                    hookStats = true
                    clock = manual
                    closeTimeout = 5.seconds
                    publishOptions = PublishOptions(timeout = Duration.ZERO)
                }
                    .use { engine ->
                        engine.capacity() shouldBe 8
                        engine.toString() shouldContain "dsl"
                        engine.put("A")
                        engine.poll(Duration.ZERO).timestamp() shouldBe manual.instant()
                        repeat(8) { engine.put("A") }
                        shouldThrow<QueueFullException> {
                            engine.put("A")
                        } // NON_BLOCKING from the DSL
                        engine.start()
                        liveThread("dsl-dispatcher") shouldNotBe null
                    }
                eventEngine().use { it.capacity() shouldBe EventEngine.create().capacity() }
            }

            test(
                "invalid settings fail with the builder's message; closeTimeout = INFINITE is now valid (FOREVER: deliver all)"
            ) {
                shouldThrow<IllegalArgumentException> { eventEngine { capacity = 1 } }
                    .message shouldContain "capacity"
                shouldThrow<IllegalArgumentException> {
                    eventEngine { closeTimeout = (-1).seconds }
                }
                eventEngine { closeTimeout = Duration.INFINITE }.close()
            }

            test("a val can be initialised inside the block (it runs exactly once)") {
                val chosen: Int
                eventEngine { chosen = 64.also { capacity = it } }
                    .use { it.capacity() shouldBe chosen }
            }
        }

        context("engine.on(pattern) { msg -> }") {
            test(
                "msg[\"name\"] reads the captures, then the kwargs; the registration unregisters"
            ) {
                eventEngine().use { engine ->
                    val seen = CompletableFuture<List<Any?>>()
                    val registration =
                        engine.on("Market.{kind}.{symbol}") { msg ->
                            seen.complete(
                                listOf(
                                    msg["symbol"],
                                    msg["kind"], // a capture wins over the kwarg of the same name
                                    msg.kwarg<String>("kind"),
                                    msg["price"],
                                    msg["missing"],
                                    "symbol" in msg,
                                    "price" in msg,
                                    msg.arg<Double>(0),
                                    msg[1],
                                    msg.captures,
                                )
                            )
                        }
                    registration.topic() shouldBe Topic.of("Market.{kind}.{symbol}")
                    engine.publish(
                        Topic.of("Market.Data.AAPL"),
                        listOf(189.5, "x"),
                        mapOf("price" to 189.5, "kind" to "quote"),
                    )
                    engine.start()
                    seen.get(10, TimeUnit.SECONDS) shouldBe
                        listOf(
                            "AAPL",
                            "Data",
                            "quote",
                            189.5,
                            null,
                            true,
                            true,
                            189.5,
                            "x",
                            mapOf("kind" to "Data", "symbol" to "AAPL"),
                        )
                    engine.size() shouldBe 1
                    registration.close()
                    engine.size() shouldBe 0
                }
            }

            test("TopicMessage: explicit capture access, and what it says about itself") {
                val pattern = Topic.of("Orders.{id}")
                val msg =
                    TopicMessage(
                        pattern,
                        MessagePayload.of(
                            Topic.of("Orders.42"),
                            listOf("buy"),
                            emptyMap<String, Any>(),
                        ),
                    )
                msg.capture("id") shouldBe "42"
                msg.topic shouldBe Topic.of("Orders.42")
                msg.args shouldBe listOf("buy")
                shouldThrow<NoSuchElementException> { msg.capture("side") }.message shouldContain
                    "captured no 'side'"
                msg.toString() shouldContain "captures={id=42}"
            }
        }

        context("typed access to arguments") {
            val msg =
                MessagePayload.of(
                    Topic.of("Market.Data.AAPL"),
                    listOf(189.5, null, listOf("a")),
                    mapOf("side" to "buy", "qty" to 10, "note" to null),
                )

            test("by reified type, nullable types accept null") {
                msg.arg<Double>(0) shouldBe 189.5
                msg.arg<Double?>(1) shouldBe null
                msg.arg<List<String>>(2) shouldBe listOf("a")
                msg.kwarg<String>("side") shouldBe "buy"
                msg.kwarg<Int>("qty") shouldBe 10
                msg.kwarg<String?>("note") shouldBe null
                msg.kwarg<String?>("absent") shouldBe null
            }

            test("errors name the message, the argument and both types") {
                shouldThrow<ClassCastException> { msg.arg<String>(0) }.message shouldBe
                    "Message on 'Market.Data.AAPL': positional arg 0 is a java.lang.Double (189.5), not a kotlin.String"
                shouldThrow<NoSuchElementException> { msg.arg<Double>(1) }.message shouldContain
                    "positional arg 1 is null, and kotlin.Double is not nullable"
                shouldThrow<IndexOutOfBoundsException> { msg.arg<Double>(7) }
                shouldThrow<ClassCastException> { msg.kwarg<Double>("qty") }.message shouldContain
                    "kwarg 'qty' is a java.lang.Integer (10), not a kotlin.Double"
                shouldThrow<NoSuchElementException> { msg.kwarg<String>("absent") }
                    .message shouldContain "kwarg 'absent' is absent (keys: [side, qty, note])"
                shouldThrow<NoSuchElementException> { msg.kwarg<String>("note") }
                    .message shouldContain "kwarg 'note' is null"
            }
        }

        context("topics") {
            test("format with pairs, strict or not; captures as a map") {
                val quotes = Topic.of("Market.{kind}.{symbol}")
                quotes.format("symbol" to "AAPL") shouldBe Topic.of("Market.{kind}.AAPL")
                quotes.formatStrict("kind" to "Data", "symbol" to "AAPL") shouldBe
                    Topic.of("Market.Data.AAPL")
                shouldThrow<IllegalArgumentException> { quotes.formatStrict("symbol" to "AAPL") }
                    .message shouldContain "kind"
                quotes.capturesOf(Topic.of("Market.Data.AAPL")) shouldBe
                    mapOf("kind" to "Data", "symbol" to "AAPL")
                quotes.capturesOf(Topic.of("Other")) shouldBe emptyMap()
                "Market.Data.AAPL".toTopic() shouldBe Topic.of("Market.Data.AAPL")
                MessagePayload.of(Topic.of("Market.Data.AAPL"))
                    .capturesOf(quotes)["symbol"] shouldBe "AAPL"
                (Topic.of("Market.Data.AAPL") in quotes) shouldBe true
            }
        }

        context("the Java API's operators read as Kotlin") {
            test(
                "hook += handler, hook -= handler, engine.hooksFor(topic) (engine[topic] went with core's get(Topic))"
            ) {
                val hook = EventHook(Topic.of("A"))
                val calls = mutableListOf<String>()
                val named = EventHandler { calls += "named" }
                hook += named
                hook += EventHandler { calls += "lambda" }
                hook += { _: MessagePayload -> calls += "plain lambda" }
                hook.trigger(MessagePayload.of(Topic.of("A")))
                calls shouldBe listOf("named", "lambda", "plain lambda")
                hook -= named
                hook.size() shouldBe 2
                eventEngine().use { engine ->
                    engine.registerHook(hook)
                    engine.hooksFor(Topic.of("A")) shouldBe listOf(hook)
                }
            }
        }

        context("kotlin.time.Duration overloads (INFINITE waits for ever, ZERO does not wait)") {
            test("timer") {
                eventEngine().use { engine ->
                    engine.timer(1.seconds) shouldBe Topic.of("EventEngine.Internal.Timer.Second")
                    engine.timer(1.minutes) shouldBe Topic.of("EventEngine.Internal.Timer.Minute")
                    engine.timer(1_500.milliseconds) shouldBe
                        Topic.of("EventEngine.Internal.Timer.1500ms")
                    engine.timer(5.seconds, Instant.EPOCH) shouldBe
                        Topic.of("EventEngine.Internal.Timer.5")
                    shouldThrow<IllegalArgumentException> { engine.timer(Duration.ZERO) }
                    shouldThrow<IllegalArgumentException> { engine.timer(1.5.milliseconds) }
                }
            }

            test("poll (was get) and stop") {
                eventEngine().use { engine ->
                    shouldThrow<QueueEmptyException> { engine.poll(Duration.ZERO) }
                    shouldThrow<QueueEmptyException> { engine.poll(1.milliseconds) }
                    engine.put("A", 1)
                    engine.poll(Duration.INFINITE).arg<Int>(0) shouldBe 1
                    engine.put("A", 2)
                    engine.stop(drain = true, timeout = Duration.ZERO) shouldBe
                        1 // nothing delivered
                    engine.stop(drain = true, timeout = Duration.INFINITE) shouldBe 0
                    engine.put("A", 3)
                    engine.stop(drain = true, timeout = 5.seconds) shouldBe 0
                    shouldThrow<IllegalArgumentException> { engine.poll((-1).seconds) }
                }
            }

            test("PublishOptions and the builder's close timeout (INFINITE now allowed: FOREVER)") {
                PublishOptions(timeout = Duration.INFINITE) shouldBe PublishOptions.BLOCKING
                PublishOptions(timeout = Duration.ZERO) shouldBe PublishOptions.NON_BLOCKING
                PublishOptions(timeout = 5.seconds) shouldBe
                    PublishOptions.waitAtMost(java.time.Duration.ofSeconds(5))
                PublishOptions(timeout = Duration.INFINITE).timeout() shouldBe EventEngine.FOREVER
                shouldThrow<IllegalArgumentException> { PublishOptions(timeout = (-1).seconds) }
                PublishOptions(timeout = 5.seconds, maxSpin = 0).maxSpin() shouldBe 0
                PublishOptions.BLOCKING.waitTimeout shouldBe Duration.INFINITE
                PublishOptions.NON_BLOCKING.waitTimeout shouldBe Duration.ZERO
                PublishOptions(timeout = 1_500.milliseconds).waitTimeout shouldBe 1_500.milliseconds
                EventEngine.builder().closeTimeout(2.seconds).build().close()
                EventEngine.builder().closeTimeout(Duration.INFINITE).build().close()
                shouldThrow<IllegalArgumentException> {
                    EventEngine.builder().closeTimeout((-1).seconds)
                }
            }
        }
    })
