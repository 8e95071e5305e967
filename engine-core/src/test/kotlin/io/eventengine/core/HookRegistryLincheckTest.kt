package io.eventengine.core

import org.jetbrains.lincheck.datastructures.IntGen
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions
import org.jetbrains.lincheck.datastructures.Operation
import org.jetbrains.lincheck.datastructures.Param
import org.jetbrains.lincheck.datastructures.StressOptions
import org.jetbrains.lincheck.datastructures.forClasses
import org.junit.jupiter.api.Test

/**
 * Linearizability of [HookRegistry] under concurrent registration, unregistration and the reads the
 * dispatcher and the engine's query methods make: a resolve reads the exact hooks and the pattern
 * index optimistically (StampedLock) and must never see a registration without one made before it;
 * a hook's own handler list is copy-on-write.
 *
 * The operations use small indices into fixed tables, so scenarios hit the same hooks often: two
 * exact topics, two patterns that match both of them (one `{named}` wildcard, one `**`), and two
 * handlers. The sequential specification is this class run sequentially (Lincheck's default), which
 * is right for a structure that claims to be linearizable.
 *
 * Invocation counts are explicit and small: this runs in seconds on 2 cores. Run it without JaCoCo
 * (docs/development.md, build trap 7).
 */
@Param(name = "topic", gen = IntGen::class, conf = "0:3")
@Param(name = "exact", gen = IntGen::class, conf = "0:1")
@Param(name = "handler", gen = IntGen::class, conf = "0:1")
class HookRegistryLincheckTest {
    private val registry = HookRegistry(false)

    @Operation
    fun register(@Param(name = "topic") topic: Int, @Param(name = "handler") handler: Int) {
        registry.register(TOPICS[topic], HANDLERS[handler], false)
    }

    @Operation
    fun registerDeduplicated(
        @Param(name = "topic") topic: Int,
        @Param(name = "handler") handler: Int,
    ) {
        registry.register(TOPICS[topic], HANDLERS[handler], true)
    }

    @Operation
    fun unregister(
        @Param(name = "topic") topic: Int,
        @Param(name = "handler") handler: Int,
    ): Boolean = registry.unregister(TOPICS[topic], HANDLERS[handler])

    /** The number of registered hooks, as `engine.size()` reports it. */
    @Operation fun hookCount(): Int = registry.size()

    /**
     * The handlers registered on one topic (its own hook, not the matching ones); empty when it has
     * no hook.
     */
    @Operation
    fun handlers(@Param(name = "topic") topic: Int): List<Int> =
        registry.hook(TOPICS[topic])?.handlers()?.map { (it as Handler).id } ?: emptyList()

    /** The route of an exact topic: hook topics in calling order, as the dispatcher resolves it. */
    @Operation
    fun resolve(@Param(name = "exact") exact: Int): List<String> =
        registry.resolve(TOPICS[exact]).map { it.topic().value() }

    /**
     * Random scenarios, plus the one that found the non-linearizable unregister: the last handler's
     * removal emptied the hook before unpublishing it, so a reader could see `handlers(T) == []`
     * and then still count T's hook.
     */
    @Test
    fun modelChecking() =
        ModelCheckingOptions()
            // topic matching is pure: no interleaving inside it matters, and exploring its regexes
            // step by step is what makes model checking slow
            .addGuarantee(forClasses(Topic::class).allMethods().treatAsAtomic())
            // ConcurrentHashMap is linearizable; stepping through its internals only spends the
            // search budget away from the registry's own interleavings
            .addGuarantee(
                forClasses(java.util.concurrent.ConcurrentHashMap::class)
                    .allMethods()
                    .treatAsAtomic()
            )
            .iterations(12)
            .invocationsPerIteration(100)
            .threads(2)
            .actorsBefore(2)
            .actorsPerThread(3)
            .actorsAfter(1)
            .addCustomScenario {
                initial { actor(HookRegistryLincheckTest::register, 0, 0) }
                parallel {
                    thread { actor(HookRegistryLincheckTest::unregister, 0, 0) }
                    thread {
                        actor(HookRegistryLincheckTest::handlers, 0)
                        actor(HookRegistryLincheckTest::hookCount)
                    }
                }
            }
            .addCustomScenario {
                // a pattern hook leaving while a matching exact topic is resolved and its hook is
                // re-created
                initial {
                    actor(HookRegistryLincheckTest::register, 2, 0)
                    actor(HookRegistryLincheckTest::register, 0, 1)
                }
                parallel {
                    thread {
                        actor(HookRegistryLincheckTest::unregister, 2, 0)
                        actor(HookRegistryLincheckTest::register, 2, 1)
                    }
                    thread {
                        actor(HookRegistryLincheckTest::resolve, 0)
                        actor(HookRegistryLincheckTest::handlers, 2)
                        actor(HookRegistryLincheckTest::resolve, 1)
                    }
                }
            }
            .addCustomScenario {
                // two pattern hooks registered one after the other: a resolve walking the index
                // between the two writes must not see the second without the first (the walk
                // visits the `{symbol}` branch before the `**` one, so it can, unless validated)
                parallel {
                    thread {
                        actor(HookRegistryLincheckTest::register, 2, 0)
                        actor(HookRegistryLincheckTest::register, 3, 1)
                    }
                    thread { actor(HookRegistryLincheckTest::resolve, 0) }
                }
            }
            .check(this::class)

    @Test
    fun stress() =
        StressOptions()
            .iterations(20)
            .invocationsPerIteration(500)
            .threads(3)
            .actorsBefore(2)
            .actorsPerThread(3)
            .actorsAfter(1)
            .check(this::class)

    private class Handler(val id: Int) : EventHandler {
        override fun handle(message: MessagePayload) {}

        override fun toString() = "h$id"
    }

    private companion object {
        /**
         * Two exact topics first (the `exact` parameter picks among them), then two patterns
         * matching both.
         */
        val TOPICS =
            listOf(
                Topic.of("Market.Data.AAPL"),
                Topic.of("Market.Data.MSFT"),
                Topic.of("Market.Data.{symbol}"),
                Topic.of("Market.**"),
            )
        val HANDLERS = listOf(Handler(0), Handler(1))
    }
}
