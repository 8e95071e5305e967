package io.eventengine.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pins the module boundary: what the compiled descriptor in target/classes exports and requires. */
class ModuleBoundaryTest {
    private static ModuleDescriptor descriptor() {
        return ModuleFinder.of(Path.of("target/classes"))
                .findAll()
                .iterator()
                .next()
                .descriptor();
    }

    @Test
    void exportsItsOnePackageToEveryone() {
        ModuleDescriptor module = descriptor();
        assertEquals("io.eventengine.nats", module.name());
        assertEquals(
                Set.of("io.eventengine.nats"),
                module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(
                0,
                module.exports().stream()
                        .filter(ModuleDescriptor.Exports::isQualified)
                        .count());
    }

    @Test
    void theEventLogIsOptionalAndTheCoreAndJnatsAreTransitive() {
        Set<String> transitive = descriptor().requires().stream()
                .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());
        assertEquals(Set.of("io.eventengine.core", "io.nats.jnats"), transitive);
        ModuleDescriptor.Requires eventlog = descriptor().requires().stream()
                .filter(r -> r.name().equals("io.eventengine.eventlog"))
                .findFirst()
                .orElseThrow();
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.STATIC), eventlog.modifiers());
    }
}
