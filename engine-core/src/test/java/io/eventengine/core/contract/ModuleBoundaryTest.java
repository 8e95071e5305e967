package io.eventengine.core.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What engine-core's compiled module descriptor exports: the public packages, and internal to this library only. */
class ModuleBoundaryTest {
    @Test
    void onlyThePublicPackagesAreExported() {
        ModuleDescriptor module = ModuleFinder.of(Path.of("target/classes"))
                .find("io.eventengine.core")
                .orElseThrow(() -> new AssertionError("no module io.eventengine.core in target/classes"))
                .descriptor();
        Map<String, Set<String>> exports = new TreeMap<>();
        for (ModuleDescriptor.Exports e : module.exports()) {
            exports.put(e.source(), e.targets());
        }
        assertEquals(
                Map.of(
                        "io.eventengine.core", Set.of(),
                        "io.eventengine.core.spi", Set.of(),
                        "io.eventengine.core.monitoring", Set.of(),
                        "io.eventengine.core.internal",
                                Set.of(
                                        "io.eventengine.reactor",
                                        "io.eventengine.coroutines",
                                        "io.eventengine.eventlog")),
                exports);
        assertEquals(
                Set.of("org.jspecify"),
                module.requires().stream()
                        .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                        .map(ModuleDescriptor.Requires::name)
                        .collect(Collectors.toSet()),
                "only JSpecify's annotations are part of the API's types");
    }
}
