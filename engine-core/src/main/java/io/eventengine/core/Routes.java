package io.eventengine.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One immutable snapshot of the registered hooks: exact hooks by topic, pattern hooks in registration order. The
 * registry swaps in a new snapshot on every change of the hook set, which is what invalidates route caches.
 */
final class Routes {
    static final EventHook[] NO_HOOKS = new EventHook[0];
    static final Routes EMPTY = new Routes(Map.of(), new LinkedHashMap<>());

    final Map<Topic, EventHook> exact;
    final Map<Topic, EventHook> patterns;
    private final EventHook[] patternHooks;

    Routes(Map<Topic, EventHook> exact, LinkedHashMap<Topic, EventHook> patterns) {
        this.exact = Collections.unmodifiableMap(new HashMap<>(exact));
        this.patterns = Collections.unmodifiableMap(new LinkedHashMap<>(patterns));
        this.patternHooks = patterns.values().toArray(NO_HOOKS);
    }

    /** The exact hook of {@code topic}, then every matching pattern hook in registration order. */
    EventHook[] resolve(Topic topic) {
        EventHook exactHook = exact.get(topic);
        List<EventHook> route = null;
        for (EventHook hook : patternHooks) {
            if (hook.topic().matches(topic)) {
                if (route == null) {
                    route = new ArrayList<>(4);
                    if (exactHook != null) {
                        route.add(exactHook);
                    }
                }
                route.add(hook);
            }
        }
        if (route != null) {
            return route.toArray(NO_HOOKS);
        }
        return exactHook == null ? NO_HOOKS : new EventHook[] {exactHook};
    }

    @Nullable
    EventHook hook(Topic topic) {
        EventHook hook = exact.get(topic);
        return hook != null ? hook : patterns.get(topic);
    }

    int size() {
        return exact.size() + patterns.size();
    }

    Routes with(EventHook hook) {
        return hook.topic().isExact()
                ? new Routes(plus(exact, hook), linked(patterns))
                : new Routes(exact, plus(patterns, hook));
    }

    Routes without(Topic topic) {
        if (topic.isExact()) {
            Map<Topic, EventHook> copy = new HashMap<>(exact);
            copy.remove(topic);
            return new Routes(copy, linked(patterns));
        }
        LinkedHashMap<Topic, EventHook> copy = linked(patterns);
        copy.remove(topic);
        return new Routes(exact, copy);
    }

    private static LinkedHashMap<Topic, EventHook> plus(Map<Topic, EventHook> map, EventHook hook) {
        LinkedHashMap<Topic, EventHook> copy = linked(map);
        copy.put(hook.topic(), hook);
        return copy;
    }

    private static LinkedHashMap<Topic, EventHook> linked(Map<Topic, EventHook> map) {
        return new LinkedHashMap<>(map);
    }
}
