package io.eventengine.core;

import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Registrations. Writers serialize on this object and publish a new {@link Routes} snapshot (volatile) whenever the
 * set of hooks changes; the dispatcher only ever reads the current snapshot, so registering or unregistering from a
 * handler, on the dispatcher thread, cannot deadlock it. Adding a handler to an existing hook does not change the
 * snapshot: the hook's own copy-on-write list takes it.
 */
final class HookRegistry {
    private final boolean hookStats;
    private volatile Routes routes = Routes.EMPTY;

    HookRegistry(boolean hookStats) {
        this.hookStats = hookStats;
    }

    Routes routes() {
        return routes;
    }

    synchronized Registration register(Topic topic, EventHandler handler, boolean deduplicate) {
        EventHook hook = routes.hook(topic);
        if (hook == null) {
            hook = new EventHook(topic, hookStats);
            hook.add(handler);
            routes = routes.with(hook);
        } else {
            hook.add(handler, deduplicate);
        }
        return new HandlerRegistration(topic, handler);
    }

    synchronized void registerHook(EventHook hook) {
        EventHook existing = routes.hook(hook.topic());
        if (existing != null) {
            throw new IllegalArgumentException("A hook for topic '" + hook.topic() + "' is already registered"
                    + (existing == hook ? " (this very hook)" : "")
                    + "; add handlers to it (engine.hook(topic)) or unregisterHook(topic) first");
        }
        routes = routes.with(hook);
    }

    synchronized EventHook unregisterHook(Topic topic) {
        EventHook hook = routes.hook(topic);
        if (hook == null) {
            throw new NoSuchElementException(
                    "No hook is registered for topic '" + topic + "'; registered topics: " + describeTopics());
        }
        routes = routes.without(topic);
        return hook;
    }

    /** Removes the first occurrence of {@code handler}, and the hook when it was the last handler. */
    synchronized boolean unregister(Topic topic, EventHandler handler) {
        EventHook hook = routes.hook(topic);
        if (hook == null) {
            return false;
        }
        synchronized (hook) { // the hook's own lock: nobody adds or removes between the check and the removal
            if (!hook.contains(handler)) {
                return false;
            }
            if (hook.size() == 1) {
                // Unpublish the hook before emptying it: no reader may see a registered hook without handlers
                // (engine.size() counting a topic whose hook(topic) has none was not linearizable).
                routes = routes.without(topic);
            }
            return hook.remove(handler);
        }
    }

    synchronized void clear() {
        routes = Routes.EMPTY;
    }

    private String describeTopics() {
        Routes r = routes;
        if (r.size() > 20) {
            return r.size() + " topics";
        }
        StringBuilder sb = new StringBuilder("[");
        r.exact.keySet().forEach(t -> sb.append(sb.length() > 1 ? ", " : "").append(t));
        r.patterns.keySet().forEach(t -> sb.append(sb.length() > 1 ? ", " : "").append(t));
        return sb.append(']').toString();
    }

    private final class HandlerRegistration implements Registration {
        private final Topic topic;
        private final EventHandler handler;
        private final AtomicBoolean open = new AtomicBoolean(true);

        HandlerRegistration(Topic topic, EventHandler handler) {
            this.topic = topic;
            this.handler = handler;
        }

        @Override
        public Topic topic() {
            return topic;
        }

        @Override
        public EventHandler handler() {
            return handler;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                unregister(topic, handler);
            }
        }

        @Override
        public String toString() {
            return "Registration[" + topic + " -> " + handler + (open.get() ? "" : ", closed") + "]";
        }
    }
}
