package io.eventengine.core;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Resolved routes per exact topic, owned by the one thread that dispatches (no synchronization). It belongs to one
 * {@link Routes} snapshot and empties itself when the registry publishes another. Bounded, oldest entry out first:
 * a stream of never-repeated topics costs a resolve each, not memory. Insertion order keeps a hit as cheap as a
 * plain {@code HashMap.get}.
 */
final class RouteCache {
    private final LinkedHashMap<Topic, Route> entries;
    private @Nullable Routes owner;
    private long misses;

    RouteCache(int maxEntries) {
        this.entries = new LinkedHashMap<>(Math.min(maxEntries, 1024) * 2, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Topic, Route> eldest) {
                return size() > maxEntries;
            }
        };
    }

    EventHook[] resolve(Routes routes, Topic topic) {
        if (routes != owner) {
            entries.clear();
            owner = routes;
        }
        Route cached = entries.get(topic);
        if (cached != null && cached.topic.samePartsAs(topic)) {
            return cached.hooks;
        }
        misses++;
        EventHook[] hooks = routes.resolve(topic);
        if (cached == null) { // a topic equal by literal but with other parts is resolved each time, not cached
            entries.put(topic, new Route(topic, hooks));
        }
        return hooks;
    }

    /**
     * A resolved route and the topic it was resolved for: topics are equal by literal, but patterns match by parts,
     * so a hit must also have the same parts ({@code Topic.join("a", "b.c")} and {@code Topic.of("a.b.c")}).
     */
    private record Route(Topic topic, EventHook[] hooks) {}

    int size() {
        return entries.size();
    }

    long misses() {
        return misses;
    }
}
