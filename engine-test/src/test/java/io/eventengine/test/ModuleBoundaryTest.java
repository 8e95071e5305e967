package io.eventengine.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pins the module boundary: what this module's compiled descriptor exports, and to whom. */
class ModuleBoundaryTest {

    /** The descriptor compiled into target/classes (tests run on the class path, so read it from the file). */
    private static ModuleDescriptor descriptor() {
        Set<ModuleReference> found = ModuleFinder.of(Path.of("target/classes")).findAll();
        assertEquals(1, found.size(), "one module in target/classes");
        return found.iterator().next().descriptor();
    }

    /** The packages exported to every module. */
    private static Set<String> unqualifiedExports(ModuleDescriptor module) {
        return module.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
    }

    @Test
    void exportsExactlyTheTestSupportPackage() {
        ModuleDescriptor module = descriptor();
        assertEquals("io.eventengine.test", module.name());
        assertEquals(Set.of("io.eventengine.test"), unqualifiedExports(module));
        assertTrue(module.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified), "no qualified exports");
    }

    @Test
    void passesTheCoreApiOnToItsUsers() {
        assertTrue(
                descriptor().requires().stream()
                        .anyMatch(r -> r.name().equals("io.eventengine.core")
                                && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE)),
                "requires transitive io.eventengine.core");
    }
}
