package io.eventengine.core

import io.eventengine.core.internal.RouteCache
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.property.PropTestConfig
import io.kotest.property.arbitrary.arbitrary
import io.kotest.property.checkAll
import kotlin.random.Random

/**
 * The dispatcher's route cache kept up to date change by change: after any sequence of
 * registrations and removals, a cached route is the route the registry resolves now, and a change
 * drops only the routes it can affect.
 */
class RouteCacheSpec :
    FunSpec({
        val topics = listOf("a.b", "a.c", "b.c", "a.b.c", "x").map(Topic::of)
        val patterns =
            listOf("a.*", "*.c", "**", "a.**", "(a|b).c", "/^a$/.b", "a.{x}.c", "**.c")
                .map(Topic::of)
        val handler = EventHandler {}

        test("after any registration changes, every cached route equals a fresh resolve") {
            checkAll(
                PropTestConfig(seed = 7L, iterations = 300),
                arbitrary { rs -> List(rs.random.nextInt(1, 60)) { rs.random.nextInt(1_000) } },
            ) { ops ->
                val registry = HookRegistry(false)
                val cache = RouteCache(registry, 3) // smaller than the topic set: eviction too
                val registered = HashMap<Topic, Registration>()
                for (op in ops) {
                    val random = Random(op)
                    val t = (topics + patterns)[random.nextInt(topics.size + patterns.size)]
                    when (random.nextInt(3)) {
                        0 -> registered.getOrPut(t) { registry.register(t, handler, false) }
                        1 -> registered.remove(t)?.close()
                        else -> {}
                    }
                    for (topic in topics.shuffled(random).take(3)) {
                        withClue("route of $topic after ${registered.keys}") {
                            cache.resolve(topic).toList() shouldBe registry.resolve(topic).toList()
                        }
                    }
                }
            }
        }

        test("a registration drops only the cached routes it affects") {
            val registry = HookRegistry(false)
            val cache = RouteCache(registry, 16)
            registry.register(Topic.of("a.*"), handler, false)
            topics.forEach { cache.resolve(it) }
            val missesBefore = cache.misses()

            val reg = registry.register(Topic.of("*.c"), handler, false) // affects a.c and b.c only
            topics.forEach { cache.resolve(it) }
            cache.misses() - missesBefore shouldBe 2
            cache.dropped() shouldBe 2
            cache.resolve(Topic.of("a.c")).map { it.topic().value() } shouldBe listOf("a.*", "*.c")

            reg.close()
            registry.register(Topic.of("x"), handler, false) // an exact hook: its own route only
            topics.forEach { cache.resolve(it) }
            cache.dropped() shouldBe 5
            cache.resolve(Topic.of("x")).map { it.topic().value() } shouldBe listOf("x")
            cache.size() shouldBe topics.size
        }

        test("a cache too far behind the change log, or after a clear, forgets everything") {
            val registry = HookRegistry(false)
            val cache = RouteCache(registry, 16)
            topics.forEach { cache.resolve(it) }
            repeat(1_100) { registry.register(Topic.of("p$it.*"), handler, false) }
            cache.resolve(Topic.of("a.b"))
            cache.size() shouldBe 1
            topics.forEach { cache.resolve(it) }
            registry.clear()
            cache.resolve(Topic.of("a.b")).size shouldBe 0
            cache.size() shouldBe 1
        }
    })
