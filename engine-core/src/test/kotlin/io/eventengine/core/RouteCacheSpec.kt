package io.eventengine.core

import io.eventengine.core.internal.RouteCache
import io.eventengine.core.internal.RouteSource
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
        // One seed per step: a step draws its change and the topics it checks from its own seed.
        val stepSeeds = arbitrary { rs ->
            List(rs.random.nextInt(1, 60)) { rs.random.nextInt(1_000) }
        }

        test("after any registration changes, every cached route equals a fresh resolve") {
            checkAll(
                PropTestConfig(seed = 7L, iterations = 300),
                stepSeeds,
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
                            cache.resolve(topic).described() shouldBe
                                registry.resolve(topic).described()
                        }
                    }
                }
            }
        }

        test("a registration updates only the cached routes it affects, in place") {
            val registry = HookRegistry(false)
            val cache = RouteCache(registry, 16)
            registry.register(Topic.of("a.*"), handler, false)
            topics.forEach { cache.resolve(it) }
            val missesBefore = cache.misses()

            val reg = registry.register(Topic.of("*.c"), handler, false) // affects a.c and b.c only
            topics.forEach { cache.resolve(it) }
            cache.updated() shouldBe 2
            cache.resolve(Topic.of("a.c")).map { it.topic().value() } shouldBe listOf("a.*", "*.c")

            reg.close() // out of a.c and b.c again
            registry.register(Topic.of("a.c"), handler, false) // an exact hook goes first
            topics.forEach { cache.resolve(it) }
            cache.updated() shouldBe 5
            cache.resolve(Topic.of("a.c")).map { it.topic().value() } shouldBe listOf("a.c", "a.*")
            cache.resolve(Topic.of("b.c")).size shouldBe 0
            cache.misses() shouldBe missesBefore // nothing was resolved again
            cache.dropped() shouldBe 0
            cache.size() shouldBe topics.size
        }

        test("a hook registered again is not put back in place: its cached routes are dropped") {
            val registry = HookRegistry(false)
            val cache = RouteCache(registry, 16)
            val again = EventHook(Topic.of("a.*")).apply { add(handler) }
            registry.registerHook(again)
            registry.register(Topic.of("*.c"), handler, false)
            cache.resolve(Topic.of("a.c")).map { it.topic().value() } shouldBe listOf("a.*", "*.c")

            registry.unregisterHook(Topic.of("a.*"))
            registry.registerHook(again) // the latest registered now: after *.c
            cache.resolve(Topic.of("a.c")).map { it.topic().value() } shouldBe listOf("*.c", "a.*")
            cache.updated() shouldBe 1 // the removal
            cache.dropped() shouldBe 1 // the return
        }

        test("a route resolved while registrations race the cache is brought up to date too") {
            // The dispatcher reads the version, then resolves on a miss: registrations made in
            // between are in the route already, and the cache applies them again on catching up.
            checkAll(
                PropTestConfig(seed = 11L, iterations = 1_000),
                stepSeeds,
            ) { ops ->
                val registry = HookRegistry(false)
                val source = Racing(registry)
                val cache = RouteCache(source, 3)
                val registered = HashMap<Topic, Registration>()
                val removedHooks = HashMap<Topic, EventHook>()
                fun change(random: Random) {
                    val t = (topics + patterns)[random.nextInt(topics.size + patterns.size)]
                    when (random.nextInt(4)) {
                        0 -> registered.getOrPut(t) { registry.register(t, handler, false) }
                        1 -> registered.remove(t)?.close()
                        2 ->
                            if (registry.hook(t) != null) {
                                removedHooks[t] = registry.unregisterHook(t)
                                registered.remove(t)
                            }
                        else ->
                            if (registry.hook(t) == null) {
                                removedHooks.remove(t)?.let(registry::registerHook)
                            }
                    }
                }
                for (op in ops) {
                    val random = Random(op)
                    change(random)
                    if (random.nextBoolean()) {
                        source.race = { repeat(random.nextInt(1, 8)) { change(random) } }
                    }
                    for (topic in topics.shuffled(random).take(3)) {
                        cache.resolve(topic)
                    }
                    for (topic in topics) {
                        withClue("route of $topic") {
                            cache.resolve(topic).described() shouldBe
                                registry.resolve(topic).described()
                        }
                    }
                }
            }
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

/** A route as its hooks' topics, each with its identity: a stale hook on the same topic differs. */
private fun Array<EventHook>.described(): List<String> = map {
    "${it.topic()}#${System.identityHashCode(it)}"
}

/**
 * [HookRegistry] as the route cache's source, whose next resolve first makes the registrations a
 * racing thread would have made between the cache's version read and that resolve.
 */
private class Racing(private val registry: HookRegistry) : RouteSource<Array<EventHook>> {
    var race: (() -> Unit)? = null

    override fun version(): Long = registry.version()

    override fun resolve(topic: Topic): Array<EventHook> {
        race?.also { race = null }?.invoke()
        return registry.resolve(topic)
    }

    override fun changed(version: Long): Topic? = registry.changed(version)

    override fun updated(route: Array<EventHook>, version: Long): Array<EventHook>? =
        registry.updated(route, version)
}
