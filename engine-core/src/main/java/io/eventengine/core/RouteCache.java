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
    private final LinkedHashMap<Topic, EventHook[]> entries;
    private @Nullable Routes owner;
    private long misses;

    RouteCache(int maxEntries) {
        this.entries = new LinkedHashMap<>(Math.min(maxEntries, 1024) * 2, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Topic, EventHook[]> eldest) {
                return size() > maxEntries;
            }
        };
    }

    EventHook[] resolve(Routes routes, Topic topic) {
        if (routes != owner) {
            entries.clear();
            owner = routes;
        }
        EventHook[] route = entries.get(topic);
        if (route == null) {
            misses++;
            route = routes.resolve(topic);
            entries.put(topic, route);
        }
        return route;
    }

    int size() {
        return entries.size();
    }

    long misses() {
        return misses;
    }
}
