package io.eventengine.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pins what the starter publishes: the exported packages of its module descriptor (the implementation stays in {@code
 * internal}), the optional libraries it only switches on, and the configuration metadata IDEs complete from.
 */
class ModuleBoundaryTest {
    private static ModuleDescriptor descriptor() {
        return ModuleFinder.of(Path.of("target/classes"))
                .findAll()
                .iterator()
                .next()
                .descriptor();
    }

    @Test
    void exportsTheAnnotationsAndTheAutoConfigurationOnly() {
        ModuleDescriptor module = descriptor();
        assertThat(module.name()).isEqualTo("io.eventengine.spring");
        assertThat(module.exports().stream()
                        .map(ModuleDescriptor.Exports::source)
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("io.eventengine.spring", "io.eventengine.spring.autoconfigure");
        assertThat(module.requires().stream()
                        .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                        .map(ModuleDescriptor.Requires::name))
                .contains("io.eventengine.reactor", "io.eventengine.micrometer", "spring.boot.health");
    }

    @Test
    void everyPropertyHasADescriptionAndTheBuilderDefaultsAreDocumented() throws IOException {
        Map<?, ?> metadata = new JsonMapper()
                .readValue(
                        Files.readString(Path.of("target/classes/META-INF/spring-configuration-metadata.json")),
                        Map.class);
        Map<String, Map<?, ?>> properties = new HashMap<>();
        ((List<?>) metadata.get("properties"))
                .forEach(p -> properties.put((String) ((Map<?, ?>) p).get("name"), (Map<?, ?>) p));
        assertThat(properties)
                .containsKeys(
                        "eventengine.capacity",
                        "eventengine.idle-strategy",
                        "eventengine.close-timeout",
                        "eventengine.hook-stats",
                        "eventengine.retain",
                        "eventengine.lifecycle.phase",
                        "eventengine.metrics.time-handlers",
                        "management.health.eventengine.enabled");
        assertThat(properties.values())
                .allSatisfy(p -> assertThat((String) p.get("description")).isNotBlank());
        // the defaults the metadata states are the builder's
        assertThat(((Number) properties.get("eventengine.capacity").get("defaultValue")).intValue())
                .isEqualTo(io.eventengine.core.EventEngine.create().capacity());
        assertThat(((Number) properties.get("eventengine.lifecycle.phase").get("defaultValue")).intValue())
                .isEqualTo(new io.eventengine.spring.autoconfigure.EventEngineProperties()
                        .getLifecycle()
                        .getPhase());
    }
}
