package io.eventengine.eventlog

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import java.lang.module.ModuleDescriptor
import java.lang.module.ModuleFinder
import java.nio.file.Path

/**
 * Pins the module boundary: what the compiled descriptor in target/classes exports, and to whom.
 */
class ModuleBoundarySpec :
    FunSpec({
        // Tests run on the class path: read the descriptor from the compiled module-info.class.
        fun descriptor(): ModuleDescriptor =
            ModuleFinder.of(Path.of("target/classes")).findAll().single().descriptor()

        fun unqualifiedExports(module: ModuleDescriptor): Set<String> =
            module.exports().filterNot { it.isQualified }.map { it.source() }.toSet()

        test("exports io.eventengine.eventlog only, to everyone, and nothing qualified") {
            val module = descriptor()
            module.name() shouldBe "io.eventengine.eventlog"
            unqualifiedExports(module) shouldBe setOf("io.eventengine.eventlog")
            module.exports().filter { it.isQualified }.shouldBeEmpty()
        }

        test("the engine's internal packages are not part of this module's API") {
            unqualifiedExports(descriptor()).filter { it.contains(".internal") }.shouldBeEmpty()
        }

        test("requires the core transitively: its types appear in this module's API") {
            descriptor()
                .requires()
                .single { it.name() == "io.eventengine.core" }
                .modifiers() shouldBe setOf(ModuleDescriptor.Requires.Modifier.TRANSITIVE)
        }
    })
