package io.eventengine.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module's API is the one package: every other class is package-private, and no other package is exported. */
class ModuleBoundaryTest {
    @Test
    void theModuleExportsExactlyItsApiPackageToEveryone() {
        ModuleReference reference = ModuleFinder.of(Path.of("target/classes"))
                .find("io.eventengine.reactor")
                .orElseThrow(() -> new AssertionError("no module io.eventengine.reactor in target/classes"));
        ModuleDescriptor descriptor = reference.descriptor();
        Set<String> unqualified = descriptor.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
        assertEquals(Set.of("io.eventengine.reactor"), unqualified);
        assertTrue(
                descriptor.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified),
                () -> "qualified exports: " + descriptor.exports());
        assertEquals(Set.of("io.eventengine.reactor"), descriptor.packages(), "the internal package is gone");
    }
}
