package io.eventengine.core.internal;

import io.eventengine.core.Topic;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link RouteCache} gets routes, and how it learns which of them changed: every change of the registrations
 * gets the next version number and names the topic (exact or pattern) whose registration changed.
 *
 * @param <R> a route: what the owner dispatches a message on an exact topic to
 */
public interface RouteSource<R> {
    /** The number of the latest change (0 before any). */
    long version();

    /** The current route of the exact {@code topic}. */
    R resolve(Topic topic);

    /**
     * The topic change number {@code version} was about, or null when that change is no longer remembered or
     * affected every route (a clear); the cache then forgets everything.
     */
    @Nullable
    Topic changed(long version);

    /**
     * {@code route}, a route of a topic that change {@code version}'s topic matches, with that change applied, or null
     * when it cannot be applied to a route in place and the cache must drop the route (the default). The route may
     * have been resolved after the change (or after later ones): applying every change from the cache's last version
     * on must leave the route the source resolves now.
     */
    default @Nullable R updated(R route, long version) {
        return null;
    }
}
