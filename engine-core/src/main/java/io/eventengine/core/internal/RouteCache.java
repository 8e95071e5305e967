package io.eventengine.core.internal;

import io.eventengine.core.Topic;

/**
 * Resolved routes per exact topic, owned by one thread (an engine's dispatcher). A hit costs a version read and a
 * hash lookup. When the source reports changes, only the cached routes a change can affect are touched: the one of
 * an exact topic's literal, or those of the cached topics a pattern matches (found through {@link TopicTable}'s
 * reverse trie). Each is updated in place when the source can apply the change to it ({@link RouteSource#updated}, a
 * hook added or removed) and dropped otherwise, the way NATS's sublist updates its result cache; a registration
 * elsewhere leaves every other route as it is. Bounded: a stream of never-repeated topics costs a resolve each, not
 * memory.
 *
 * @param <R> the routes
 */
public final class RouteCache<R> {
    private final RouteSource<R> source;
    private final TopicTable<R> routes;
    private long seen;
    private long misses;
    private long dropped;
    private long updated;

    /** A cache of at most {@code maxEntries} routes from {@code source}, which has seen none of its changes yet. */
    public RouteCache(RouteSource<R> source, int maxEntries) {
        this.source = source;
        this.routes = new TopicTable<>(maxEntries);
        this.seen = source.version();
    }

    /** The route of the exact {@code topic}: cached, or resolved and cached. */
    public R resolve(Topic topic) {
        long version = source.version();
        if (version != seen) {
            catchUp(version);
        }
        R route = routes.get(topic);
        if (route != null) {
            return route;
        }
        misses++;
        route = source.resolve(topic);
        routes.put(topic, route);
        return route;
    }

    /**
     * Applies changes {@code seen + 1 .. version} to the routes they affect, in order. A route resolved meanwhile may
     * already include a later change: the source's update leaves such a route as it is, and dropping it costs a
     * resolve.
     */
    private void catchUp(long version) {
        for (long v = seen + 1; v <= version; v++) {
            Topic changed = source.changed(v);
            if (changed == null) {
                dropped += routes.size();
                routes.clear();
                break;
            }
            for (Topic affected : routes.matchedBy(changed)) {
                R route = routes.get(affected);
                R now = route == null ? null : source.updated(route, v);
                if (now == null) {
                    routes.remove(affected);
                    dropped++;
                } else if (now != route) {
                    routes.replace(affected, now);
                    updated++;
                }
            }
        }
        seen = version;
    }

    /** How many routes are cached. */
    public int size() {
        return routes.size();
    }

    /** How many lookups had to resolve. */
    public long misses() {
        return misses;
    }

    /** How many cached routes changes have updated in place. */
    public long updated() {
        return updated;
    }

    /** How many cached routes changes have dropped. */
    public long dropped() {
        return dropped;
    }
}
