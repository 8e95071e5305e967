package io.eventengine.eventlog

import io.eventengine.core.Topic
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class EventBusSpec :
    FunSpec({
        test("dispatch order is exact, prefix, suffix, global, whatever the subscription order") {
            val bus = EventBus(EventLog())
            val calls = mutableListOf<String>()
            for (pattern in listOf("*", "*.b", "a.*", "a.b")) {
                bus.subscribe(pattern) { calls += pattern }
            }
            bus.publish("a.b", NO_DATA)
            calls shouldContainExactly listOf("a.b", "a.*", "*.b", "*")
        }

        test("patterns of one kind run in first-subscription order, subscribers in order") {
            val bus = EventBus(EventLog())
            val calls = mutableListOf<String>()
            bus.subscribe("x.*") { calls += "x.* 1" }
            bus.subscribe("x.y.*") { calls += "x.y.*" }
            bus.subscribe("x.*") { calls += "x.* 2" }
            bus.subscribe("x.{name}.z") { calls += "core pattern" }
            bus.subscribe("*") { calls += "*" }
            bus.subscribe("*.z") { calls += "*.z" }
            bus.publish("x.y.z", NO_DATA)
            calls shouldContainExactly listOf("x.* 1", "x.* 2", "x.y.*", "*.z", "core pattern", "*")
        }

        test("*.error receives every error type, and only those") {
            val bus = EventBus(EventLog())
            val errors = mutableListOf<String>()
            bus.subscribe("*.error") { errors += it.type() }
            for (type in
                listOf(
                    "network.error",
                    "auth.error",
                    "db.pool.error",
                    "error",
                    "errors.x",
                    "a.b",
                )) {
                bus.publish(type, mapOf("message" to "boom"))
            }
            errors shouldContainExactly listOf("network.error", "auth.error", "db.pool.error")
        }

        test("a.* receives a. followed by one or more parts") {
            val bus = EventBus(EventLog())
            val seen = mutableListOf<String>()
            bus.subscribe("user.*") { seen += it.type() }
            for (type in
                listOf("user.login", "user.profile.view", "user", "users.login", "a.user.b")) {
                bus.publish(type, NO_DATA)
            }
            seen shouldContainExactly listOf("user.login", "user.profile.view")
        }

        test("Eventure's patterns are read as core topics") {
            val bus = EventBus(EventLog())
            bus.subscribe("a.*") {}.topic() shouldBe Topic.of("a.**")
            bus.subscribe("*.b") {}.topic() shouldBe Topic.of("**.b")
            bus.subscribe("*") {}.topic() shouldBe Topic.of("**")
            bus.subscribe("a.b") {}.topic() shouldBe Topic.of("a.b")
            bus.subscribe("Market.{symbol}.Trade") {}.topic() shouldBe
                Topic.of("Market.{symbol}.Trade")
            shouldThrow<IllegalArgumentException> { bus.subscribe("a./[/.*") {} }
                .message shouldContain "'a./[/.*'"
        }

        test("publish logs first, then dispatches, and returns the logged event") {
            val log = EventLog()
            val bus = EventBus(log)
            var seenInLog: List<Event>? = null
            bus.subscribe("a") { seenInLog = log.events().toList() }
            val event = bus.publish("a", mapOf("x" to 1))
            seenInLog shouldBe listOf(event)
            log.events() shouldContainExactly listOf(event)
            event.tick() shouldBe log.currentTick()
        }

        test("a subscriber that publishes with parent_event builds a cascade, depth first") {
            val log = EventLog()
            val bus = EventBus(log)
            bus.subscribe("enemy.defeated") { e ->
                bus.publish("treasure.drop", mapOf("item" to "gold_coins"), e)
                bus.publish("experience.gain", mapOf("amount" to 100), e)
            }
            bus.subscribe("treasure.drop") { e -> bus.publish("inventory.add", NO_DATA, e) }
            val root = bus.publish("enemy.defeated", mapOf("enemy" to "dragon"))
            log.events().map { it.type() } shouldContainExactly
                listOf("enemy.defeated", "treasure.drop", "inventory.add", "experience.gain")
            val byType = log.events().associateBy { it.type() }
            byType["treasure.drop"]!!.parentId() shouldBe root.id()
            byType["experience.gain"]!!.parentId() shouldBe root.id()
            byType["inventory.add"]!!.parentId() shouldBe byType["treasure.drop"]!!.id()
        }

        test("a throwing subscriber is logged and counted; the others still run") {
            val bus = EventBus(EventLog())
            val calls = mutableListOf<String>()
            bus.subscribe("a") { calls += "first" }
            bus.subscribe("a") { error("boom") }
            bus.subscribe("a") { calls += "third" }
            bus.subscribe("*") { calls += "global" }
            bus.publish("a", NO_DATA).type() shouldBe "a"
            calls shouldContainExactly listOf("first", "third", "global")
            bus.failures() shouldBe 1L
        }

        test("unsubscribe is idempotent and applies at once, even during a dispatch") {
            val bus = EventBus(EventLog())
            val calls = mutableListOf<String>()
            lateinit var second: EventBus.Subscription
            val first =
                bus.subscribe("a") {
                    calls += "first"
                    second.close()
                }
            second = bus.subscribe("a") { calls += "second" }
            bus.publish("a", NO_DATA)
            calls shouldContainExactly listOf("first")
            first.close()
            first.close()
            bus.publish("a", NO_DATA)
            calls shouldContainExactly listOf("first")
            bus.subscriptions() shouldBe emptyList()
        }

        test("dispatch delivers an event without logging it") {
            val log = EventLog()
            val bus = EventBus(log)
            val seen = mutableListOf<Event>()
            bus.subscribe("*") { seen += it }
            val loaded = Event("7-ABCD-1", 7, 1.0, "x.y", NO_DATA, null)
            bus.dispatch(loaded) shouldBe 0
            seen shouldContainExactly listOf(loaded)
            log.size() shouldBe 0
        }

        test("types are matched literally: topic syntax in a type is just text") {
            val bus = EventBus(EventLog())
            val seen = mutableListOf<String>()
            bus.subscribe("a.*") { seen += it.type() }
            bus.publish("a.{b}", NO_DATA)
            bus.publish("a.(x|y)", NO_DATA)
            seen shouldContainExactly listOf("a.{b}", "a.(x|y)")
        }
    })
