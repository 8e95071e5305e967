package io.eventengine.coroutines

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.lang.module.ModuleFinder
import java.nio.file.Path

/** The module descriptor that javac compiled into target/classes: one package, exported to all. */
class ModuleBoundarySpec :
    FunSpec({
        test("io.eventengine.coroutines exports exactly io.eventengine.coroutines, unqualified") {
            val module =
                ModuleFinder.of(Path.of("target/classes")).find("io.eventengine.coroutines")
            module.isPresent shouldBe true
            val descriptor = module.get().descriptor()
            descriptor.exports().filter { !it.isQualified }.map { it.source() }.toSet() shouldBe
                setOf("io.eventengine.coroutines")
            descriptor.exports().filter { it.isQualified }.map { it.source() } shouldBe emptyList()
            descriptor.requires().map { it.name() }.toSet() shouldBe
                setOf(
                    "java.base",
                    "io.eventengine.core",
                    "kotlin.stdlib",
                    "kotlinx.coroutines.core",
                    "org.jctools.core",
                )
        }
    })
