package io.eventengine.core;

import io.eventengine.core.internal.PatternIndex;
import io.eventengine.core.internal.RouteSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.StampedLock;
import org.jspecify.annotations.Nullable;

/**
 * Registrations: exact hooks by literal, pattern hooks in a {@link PatternIndex}. Writers serialize on this object;
 * readers (the dispatcher's route cache on a miss, the engine's query methods) never wait for them except when a
 * resolve raced a write, and then only for the write itself, never for user code, so registering or unregistering from
 * a handler, on the dispatcher thread, cannot deadlock it. Every change of the hook set gets a version and is
 * remembered (the last 1,024), so a route cache touches only the routes it affects: it adds a new hook to them, or
 * takes a removed one out, in place ({@link #updated}), the way NATS's sublist updates its result cache. Adding a
 * handler to an existing hook changes no route: the hook's own copy-on-write list takes it.
 */
final class HookRegistry implements RouteSource<EventHook[]> {
    static final EventHook[] NO_HOOKS = new EventHook[0];

    /** Changes a route cache can catch up on; one further behind forgets its routes. */
    private static final int CHANGES_KEPT = 1024;

    /**
     * Change {@code version}: {@code hook} on {@code topic} added or removed; a null hook when the change cannot be
     * applied to a cached route in place (a clear, or a hook that was registered before and may sit at its old place).
     */
    private record Change(
            long version, @Nullable Topic topic, @Nullable EventHook hook, boolean added) {}

    private final boolean hookStats;
    private final Monitor monitor;
    /**
     * Held for writing (inside this object's monitor) while the hook maps and the index change, so that a resolve
     * can read them optimistically and still be linearizable.
     */
    private final StampedLock lock = new StampedLock();

    private final ConcurrentHashMap<Topic, EventHook> exact = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Topic, EventHook> patterns = new ConcurrentHashMap<>();
    private final PatternIndex<EventHook> index = new PatternIndex<>();
    /** Pattern hooks in registration order; guarded by this. */
    private final LinkedHashMap<Topic, EventHook> patternOrder = new LinkedHashMap<>();

    private final AtomicReferenceArray<Change> changes = new AtomicReferenceArray<>(CHANGES_KEPT);
    private volatile long version;
    private volatile int size;
    private long nextOrder; // guarded by this

    /** A registry outside an engine (tests): nothing monitors it. */
    HookRegistry(boolean hookStats) {
        this(hookStats, new Monitor("unattached"));
    }

    HookRegistry(boolean hookStats, Monitor monitor) {
        this.hookStats = hookStats;
        this.monitor = monitor;
    }

    Registration register(Topic topic, EventHandler handler, boolean deduplicate) {
        return register(topic, handler, deduplicate, null);
    }

    /** Registers {@code handler}, owing it {@code replay} (see {@link RetainedMessages}) when one is given. */
    synchronized Registration register(
            Topic topic, EventHandler handler, boolean deduplicate, @Nullable RetainedReplay replay) {
        EventHook hook = ownHook(topic);
        if (hook == null) {
            hook = new EventHook(topic, hookStats);
            hook.monitoredBy(monitor);
            hook.add(handler, false, replay);
            publish(hook);
        } else {
            hook.add(handler, deduplicate, replay);
        }
        return new HandlerRegistration(topic, handler);
    }

    synchronized void registerHook(EventHook hook) {
        EventHook existing = ownHook(hook.topic());
        if (existing != null) {
            throw new IllegalArgumentException("A hook for topic '" + hook.topic() + "' is already registered"
                    + (existing == hook ? " (this very hook)" : "")
                    + "; add handlers to it (engine.hook(topic)) or unregisterHook(topic) first");
        }
        hook.monitoredBy(monitor);
        publish(hook);
    }

    synchronized EventHook unregisterHook(Topic topic) {
        EventHook hook = ownHook(topic);
        if (hook == null) {
            throw new NoSuchElementException(
                    "No hook is registered for topic '" + topic + "'; registered topics: " + describeTopics());
        }
        unpublish(hook);
        return hook;
    }

    /**
     * Removes the first occurrence of {@code handler}, and the hook when it was the last handler; then, outside the
     * registry's lock, the UNSUBSCRIBE event.
     */
    boolean unregister(Topic topic, EventHandler handler) {
        boolean removed = unregisterLocked(topic, handler);
        if (removed) {
            monitor.fireSubscription(topic, handler, false);
        }
        return removed;
    }

    private synchronized boolean unregisterLocked(Topic topic, EventHandler handler) {
        EventHook hook = ownHook(topic);
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
                unpublish(hook);
            }
            return hook.remove(handler);
        }
    }

    synchronized void clear() {
        long stamp = lock.writeLock();
        try {
            exact.clear();
            patterns.clear();
            for (EventHook hook : patternOrder.values()) {
                index.remove(hook.topic(), hook);
            }
            patternOrder.clear();
            size = 0;
            recordChange(new Change(version + 1, null, null, false));
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Makes {@code hook} part of every route it matches; the caller holds this object's monitor. */
    private void publish(EventHook hook) {
        Topic topic = hook.topic();
        boolean fresh = hook.markRegistered();
        long stamp = lock.writeLock();
        try {
            if (topic.isExact()) {
                exact.put(topic, hook);
            } else {
                index.add(topic, hook, nextOrder++);
                patterns.put(topic, hook);
                patternOrder.put(topic, hook);
            }
            size++;
            recordChange(new Change(version + 1, topic, fresh ? hook : null, true));
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private void unpublish(EventHook hook) {
        Topic topic = hook.topic();
        long stamp = lock.writeLock();
        try {
            if (topic.isExact()) {
                exact.remove(topic);
            } else {
                index.remove(topic, hook);
                patterns.remove(topic);
                patternOrder.remove(topic);
            }
            size--;
            recordChange(new Change(version + 1, topic, hook, false));
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Remembers {@code change}, numbered {@code version + 1}, then publishes that number; under the write lock. */
    private void recordChange(Change change) {
        changes.set((int) (change.version % CHANGES_KEPT), change);
        version = change.version;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public @Nullable Topic changed(long version) {
        Change change = change(version);
        return change == null ? null : change.topic;
    }

    /**
     * {@code route} with change {@code version} applied in place: a new hook added (an exact hook first, a pattern
     * hook last, as it is the latest registered), a removed one taken out; null when the change cannot be applied so
     * (the cache then drops the route). A route resolved after the change already shows it and comes back as it is;
     * one resolved after a later removal of the same hook gets it back here and loses it again when that removal is
     * applied, so once a cache has applied every change up to the registry's version, its routes are the registry's.
     * That needs each hook added in place at most once: a hook registered before is not ({@link
     * EventHook#markRegistered}).
     */
    @Override
    public EventHook @Nullable [] updated(EventHook[] route, long version) {
        Change change = change(version);
        EventHook hook = change == null ? null : change.hook;
        if (hook == null) {
            return null;
        }
        int at = indexOf(route, hook);
        if (change.added == at >= 0) {
            return route; // resolved after the change
        }
        EventHook[] next;
        if (!change.added) {
            next = new EventHook[route.length - 1];
            System.arraycopy(route, 0, next, 0, at);
            System.arraycopy(route, at + 1, next, at, next.length - at);
        } else if (hook.topic().isExact()) {
            next = new EventHook[route.length + 1];
            next[0] = hook;
            System.arraycopy(route, 0, next, 1, route.length);
        } else {
            next = Arrays.copyOf(route, route.length + 1);
            next[route.length] = hook;
        }
        return next;
    }

    private static int indexOf(EventHook[] route, EventHook hook) {
        for (int i = 0; i < route.length; i++) {
            if (route[i] == hook) {
                return i;
            }
        }
        return -1;
    }

    private @Nullable Change change(long version) {
        Change change = changes.get((int) (version % CHANGES_KEPT));
        return change != null && change.version == version ? change : null;
    }

    /**
     * The exact hook of {@code topic}, then every matching pattern hook in registration order: read without locking
     * and validated (a StampedLock optimistic read), under the read lock only when a registration raced it.
     */
    @Override
    public EventHook[] resolve(Topic topic) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                EventHook[] route = resolveUnlocked(topic);
                if (lock.validate(stamp)) {
                    return route;
                }
            } catch (RuntimeException raced) {
                if (lock.validate(stamp)) {
                    throw raced;
                }
            }
        }
        stamp = lock.readLock();
        try {
            return resolveUnlocked(topic);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private EventHook[] resolveUnlocked(Topic topic) {
        EventHook exactHook = exact.get(topic);
        List<PatternIndex.Entry<EventHook>> matched = index.size() == 0 ? List.of() : index.match(topic);
        if (matched.isEmpty()) {
            return exactHook == null ? NO_HOOKS : new EventHook[] {exactHook};
        }
        int offset = exactHook == null ? 0 : 1;
        EventHook[] route = new EventHook[matched.size() + offset];
        if (exactHook != null) {
            route[0] = exactHook;
        }
        for (int i = 0; i < matched.size(); i++) {
            route[i + offset] = matched.get(i).value();
        }
        return route;
    }

    /** The hook registered for {@code topic} itself (by literal, exact hooks first), or null. */
    @Nullable
    EventHook hook(Topic topic) {
        long stamp = lock.tryOptimisticRead();
        EventHook hook = ownHook(topic);
        if (stamp != 0 && lock.validate(stamp)) {
            return hook;
        }
        stamp = lock.readLock();
        try {
            return ownHook(topic);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private @Nullable EventHook ownHook(Topic topic) {
        EventHook hook = exact.get(topic);
        return hook != null ? hook : patterns.get(topic);
    }

    /** The number of registered hooks, consistent with {@link #hook} (both read under the same lock's stamp). */
    int size() {
        long stamp = lock.tryOptimisticRead();
        int n = size;
        if (stamp != 0 && lock.validate(stamp)) {
            return n;
        }
        stamp = lock.readLock();
        try {
            return size;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** A copy of the exact hooks. */
    Map<Topic, EventHook> exactHooks() {
        return Map.copyOf(exact);
    }

    /** A copy of the pattern hooks, in registration order. */
    synchronized Map<Topic, EventHook> patternHooks() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(patternOrder));
    }

    /** Every hook: exact ones, then patterns in registration order. */
    synchronized List<EventHook> hooks() {
        List<EventHook> all = new ArrayList<>(exact.values());
        all.addAll(patternOrder.values());
        return List.copyOf(all);
    }

    private String describeTopics() {
        List<EventHook> all = hooks();
        if (all.size() > 20) {
            return all.size() + " topics";
        }
        StringBuilder sb = new StringBuilder("[");
        all.forEach(h -> sb.append(sb.length() > 1 ? ", " : "").append(h.topic()));
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
