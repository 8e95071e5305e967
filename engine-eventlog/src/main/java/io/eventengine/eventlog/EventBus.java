package io.eventengine.eventlog;

import io.eventengine.core.Topic;
import io.eventengine.core.internal.CallbackFailures;
import io.eventengine.core.internal.PatternIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events into an {@link EventLog} and dispatches them to subscribers, synchronously on the publishing
 * thread (Eventure's {@code EventBus}).
 *
 * <pre>{@code
 * EventBus bus = new EventBus(log);
 * bus.subscribe("enemy.defeated", e -> bus.publish("treasure.drop", Map.of("item", "gold"), e)); // a cascade
 * bus.subscribe("*.error", e -> alert(e));
 * bus.publish("enemy.defeated", Map.of("enemy", "dragon"));
 * }</pre>
 *
 * <p>Subscription patterns are Eventure's, read with the core topic grammar:
 *
 * <table>
 *   <caption>Patterns, their core topics and dispatch order</caption>
 *   <tr><th>order</th><th>pattern</th><th>core topic</th><th>receives</th></tr>
 *   <tr><td>1</td><td>{@code a.b} (exact)</td><td>{@code a.b}</td><td>the type {@code a.b} (string equality)</td></tr>
 *   <tr><td>2</td><td>{@code a.*} (prefix)</td><td>{@code a.**}</td><td>{@code a.} followed by one or more parts</td></tr>
 *   <tr><td>3</td><td>{@code *.b} (suffix)</td><td>{@code **.b}</td><td>one or more parts followed by {@code .b}</td></tr>
 *   <tr><td>4</td><td>any other core pattern ({@code a.{x}.c}, {@code a.*.c}, {@code (x|y).**})</td><td>as written</td>
 *     <td>what the core topic matches</td></tr>
 *   <tr><td>5</td><td>{@code *} (global)</td><td>{@code **}</td><td>every event</td></tr>
 * </table>
 *
 * <p>Within a kind, patterns run in the order they were first subscribed and each pattern's subscribers in
 * subscription order. An event type is matched as the exact topic of its {@code .}-separated parts (empty parts
 * dropped; characters such as <code>&#123;</code> or {@code (} in a type are literal). A subscriber that throws is logged
 * (its 1st, 10th, 100th... failure at WARN) and counted in {@link #failures()}, and the others still run (Eventure
 * aborts the dispatch). Subscribing and unsubscribing are safe from any thread, subscribers included, and apply from
 * the next event; an unsubscribed subscriber is not called again.
 */
public final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private enum Kind {
        EXACT,
        PREFIX,
        SUFFIX,
        PATTERN,
        GLOBAL
    }

    /** A subscription; {@link #close()} unsubscribes (Eventure's returned {@code unsubscribe} function). */
    public interface Subscription extends AutoCloseable {
        /** The pattern as subscribed. */
        String pattern();

        /** The core topic the pattern is read as ({@code a.*} is {@code a.**}). */
        Topic topic();

        /** Unsubscribes; idempotent. */
        @Override
        void close();
    }

    private final class Sub implements Subscription {
        final String pattern;
        final Kind kind;
        final Topic topic;
        final EventSubscriber subscriber;
        final AtomicLong failures = new AtomicLong();
        volatile boolean active = true;

        Sub(String pattern, Kind kind, Topic topic, EventSubscriber subscriber) {
            this.pattern = pattern;
            this.kind = kind;
            this.topic = topic;
            this.subscriber = subscriber;
        }

        @Override
        public String pattern() {
            return pattern;
        }

        @Override
        public Topic topic() {
            return topic;
        }

        @Override
        public void close() {
            unsubscribe(this);
        }

        @Override
        public String toString() {
            return "Subscription[" + pattern + " -> " + subscriber + (active ? "" : ", closed") + "]";
        }
    }

    /**
     * The subscribers of one pattern, in subscription order (copy-on-write). Prefix, suffix and other patterns' groups
     * are filed in the pattern index with their kind in the top bits of the order, so a lookup returns them kind by
     * kind, each kind in first-subscription order.
     */
    private static final class Group {
        final Kind kind;
        final Topic topic;
        final long order;
        volatile Sub[] subs = NO_SUBS;

        Group(Kind kind, Topic topic, long order) {
            this.kind = kind;
            this.topic = topic;
            this.order = order;
        }
    }

    private static final Sub[] NO_SUBS = new Sub[0];

    private final EventLog log;
    private final LinkedHashMap<String, Group> byPattern = new LinkedHashMap<>(); // guarded by this
    /** Prefix, suffix and other pattern groups, in engine-core's pattern index (the engine's router too). */
    private final PatternIndex<Group> index = new PatternIndex<>();

    private volatile Map<String, Group> exact = Map.of();
    private volatile Sub[] global = NO_SUBS;
    private volatile boolean anyPattern;
    private long nextOrder; // guarded by this
    private final AtomicLong failures = new AtomicLong();

    /** A bus that adds every published event to {@code log}, which also gives the current tick. */
    public EventBus(EventLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The log events are published into. */
    public EventLog log() {
        return log;
    }

    /**
     * Subscribes {@code subscriber} to events matching {@code pattern} (see the class comment for the forms).
     *
     * @return the subscription; close it to unsubscribe
     * @throws IllegalArgumentException when the pattern is not valid in the core topic grammar (the message says
     *     where)
     */
    public Subscription subscribe(String pattern, EventSubscriber subscriber) {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(subscriber, "subscriber");
        Sub sub = classify(pattern, subscriber);
        synchronized (this) {
            Group group = byPattern.get(pattern);
            if (group == null) {
                group = new Group(sub.kind, sub.topic, ((long) sub.kind.ordinal() << 48) | nextOrder++);
                group.subs = new Sub[] {sub};
                byPattern.put(pattern, group);
                file(pattern, group, true);
            } else {
                Sub[] current = group.subs;
                Sub[] next = Arrays.copyOf(current, current.length + 1);
                next[current.length] = sub;
                group.subs = next;
                if (group.kind == Kind.GLOBAL) {
                    global = next;
                }
            }
        }
        return sub;
    }

    /** Makes {@code group} reachable by dispatch ({@code add}) or not; the caller holds the lock. */
    private void file(String pattern, Group group, boolean add) {
        switch (group.kind) {
            case EXACT -> {
                Map<String, Group> copy = new HashMap<>(exact);
                if (add) {
                    copy.put(pattern, group);
                } else {
                    copy.remove(pattern);
                }
                exact = Map.copyOf(copy);
            }
            case GLOBAL -> global = add ? group.subs : NO_SUBS;
            default -> {
                if (add) {
                    index.add(group.topic, group, group.order);
                } else {
                    index.remove(group.topic, group);
                }
                anyPattern = index.size() > 0;
            }
        }
    }

    private Sub classify(String pattern, EventSubscriber subscriber) {
        if (pattern.equals("*")) {
            return new Sub(pattern, Kind.GLOBAL, Topic.of("**"), subscriber);
        }
        String literal;
        Kind kind;
        if (pattern.endsWith(".*")) {
            kind = Kind.PREFIX;
            literal = pattern.substring(0, pattern.length() - 1) + "**";
        } else if (pattern.startsWith("*.")) {
            kind = Kind.SUFFIX;
            literal = "**" + pattern.substring(1);
        } else {
            kind = null;
            literal = pattern;
        }
        Topic topic;
        try {
            topic = Topic.of(literal);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Invalid subscription pattern '" + pattern + "'"
                            + (literal.equals(pattern) ? "" : " (read as the core topic '" + literal + "')") + ": "
                            + e.getMessage(),
                    e);
        }
        if (kind == null) {
            kind = topic.isExact() ? Kind.EXACT : Kind.PATTERN;
        }
        return new Sub(pattern, kind, topic, subscriber);
    }

    private synchronized void unsubscribe(Sub sub) {
        if (!sub.active) {
            return;
        }
        sub.active = false;
        Group group = byPattern.get(sub.pattern);
        if (group == null) {
            return;
        }
        List<Sub> rest = new ArrayList<>(Arrays.asList(group.subs));
        rest.remove(sub);
        group.subs = rest.toArray(NO_SUBS);
        if (rest.isEmpty()) {
            byPattern.remove(sub.pattern);
            file(sub.pattern, group, false);
        } else if (group.kind == Kind.GLOBAL) {
            global = group.subs;
        }
    }

    /** Publishes a root event; see {@link #publish(String, Map, Event)}. */
    public Event publish(String type, Map<String, ?> data) {
        return publish(type, data, null);
    }

    /**
     * Adds an event to the log at its current tick, then dispatches it (Eventure's {@code publish}): first to exact
     * subscribers, then prefix, suffix, other pattern and global ones. Returns after every subscriber ran; events
     * that subscribers publish meanwhile are dispatched before this returns (depth first).
     *
     * @param parent the event that caused this one (usually the one a subscriber is handling), or null
     * @return the logged event
     * @throws IllegalArgumentException when a data value has no JSON form
     */
    public Event publish(String type, Map<String, ?> data, @Nullable Event parent) {
        Event event = log.add(type, data, parent);
        dispatch(event);
        return event;
    }

    /**
     * Dispatches {@code event} to its subscribers without logging it (Eventure's {@code dispatch}), for instance to
     * feed loaded events to subscribers.
     *
     * @return how many subscribers threw
     */
    public int dispatch(Event event) {
        int failed = 0;
        Group exactGroup = exact.get(event.type());
        if (exactGroup != null) {
            failed += call(exactGroup.subs, event);
        }
        if (anyPattern) {
            Topic type = typeTopic(event.type());
            if (type != null && !type.isEmpty()) {
                for (PatternIndex.Entry<Group> matched : index.match(type)) {
                    failed += call(matched.value().subs, event);
                }
            }
        }
        failed += call(global, event);
        return failed;
    }

    private static @Nullable Topic typeTopic(String type) {
        try {
            return EventLog.topicOf(type);
        } catch (IllegalArgumentException tooManyParts) {
            return null; // only exact and global subscribers can receive it
        }
    }

    private int call(Sub[] subs, Event event) {
        int failed = 0;
        for (Sub sub : subs) {
            if (!sub.active) {
                continue;
            }
            try {
                sub.subscriber.handle(event);
            } catch (Throwable t) {
                failed++;
                onFailure(sub, event, t);
            }
        }
        return failed;
    }

    private void onFailure(Sub sub, Event event, Throwable failure) {
        failures.incrementAndGet();
        long count = sub.failures.incrementAndGet();
        CallbackFailures.report(
                LOG,
                failure,
                count,
                () -> "Subscriber " + sub.subscriber + " on '" + sub.pattern + "' threw while handling event "
                        + event.id() + " (" + event.type() + "); the other subscribers still ran");
    }

    /** How many times subscribers threw, in all. */
    public long failures() {
        return failures.get();
    }

    /** The subscriptions, by pattern in first-subscription order. */
    public synchronized List<Subscription> subscriptions() {
        List<Subscription> all = new ArrayList<>();
        for (Group group : byPattern.values()) {
            all.addAll(Arrays.asList(group.subs));
        }
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return "EventBus[" + subscriptions().size() + " subscriptions, " + log + "]";
    }
}
