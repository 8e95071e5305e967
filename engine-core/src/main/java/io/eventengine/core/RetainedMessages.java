package io.eventengine.core;

import io.eventengine.core.internal.PatternIndex;
import io.eventengine.core.internal.RouteCache;
import io.eventengine.core.internal.RouteSource;
import io.eventengine.core.internal.TopicTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine's retained messages (MQTT's retain): the last retained message of each exact topic, and the replays owed
 * to new registrations.
 *
 * <p><b>No gap, no duplicate.</b> A registration snapshots what its pattern matches and registers in one step under
 * this object's lock ({@link #register}); the dispatcher stores a retained message under the same lock ({@link
 * #store}) before it resolves the message's route. So for a retained message M: either the registration came first,
 * M is not in its snapshot, and M's route, resolved after, reaches the handler live; or M was stored first and is in
 * the snapshot, and if M's route reaches the handler too (it raced the registration), the replay, handed over right
 * before that live call, includes M and the live call is skipped ({@link RetainedReplay#includes}). Messages that are
 * not retained take no lock: the ones dispatched before the registration are not owed, the later ones reach the
 * handler live.
 *
 * <p><b>Order.</b> The replay rides on the handler's hook entry and is handed over on the dispatching thread right
 * before the handler's first live message, or from the replay queue at the start of the next batch (the consumer is
 * nudged awake for it) if no live message comes first; so the handler gets the retained messages first, in seq order,
 * on the thread its live messages come on.
 *
 * <p>Only registrations and retained messages take the lock; a message that is not retained costs a flag test, plus
 * a route-cache lookup when the builder retains patterns.
 */
final class RetainedMessages {
    private static final Logger LOG = LoggerFactory.getLogger(RetainedMessages.class);
    private static final Comparator<MessagePayload> BY_SEQ = Comparator.comparingLong(MessagePayload::seqId);

    private final String engineName;
    private final int maxTopics;
    private final MpscMessageQueue queue;
    /** Guarded by this. */
    private final TopicTable<MessagePayload> table;
    /** Whether a topic is one the builder retains; the dispatching thread's alone. Null when none is. */
    private final @Nullable RouteCache<Boolean> byBuilder;

    private final ConcurrentLinkedQueue<RetainedReplay> replays = new ConcurrentLinkedQueue<>();
    private long evictions; // guarded by this

    RetainedMessages(String engineName, List<Topic> builderPatterns, int maxTopics, MpscMessageQueue queue) {
        this.engineName = engineName;
        this.maxTopics = maxTopics;
        this.queue = queue;
        this.table = new TopicTable<>(maxTopics);
        this.byBuilder = builderPatterns.isEmpty() ? null : new RouteCache<>(new BuilderRule(builderPatterns), 16_384);
    }

    /** On the dispatching thread: whether {@code message} is retained; flags it when the builder's patterns say so. */
    boolean retains(MessagePayload message) {
        if (message.isRetained()) {
            return true;
        }
        RouteCache<Boolean> rule = byBuilder;
        if (rule != null && rule.resolve(message.topic())) {
            message.markRetained();
            return true;
        }
        return false;
    }

    /**
     * On the dispatching thread, for a retained message, before its route is resolved: keeps it as its topic's (an
     * empty one clears the topic).
     */
    synchronized void store(MessagePayload message) {
        Topic topic = message.topic();
        if (message.isEmpty()) {
            table.remove(topic);
        } else {
            MessagePayload evicted = table.put(topic, message);
            if (evicted != null) {
                onEvicted(evicted, topic);
            }
        }
    }

    private void onEvicted(MessagePayload evicted, Topic forTopic) {
        long n = ++evictions;
        if (n == 1) {
            LOG.warn(
                    "Engine '{}' holds retained messages for {} topics (maxRetainedTopics): retaining one on '{}' evicted"
                            + " the least recently updated topic, '{}'. Raise EventEngineBuilder.maxRetainedTopics or"
                            + " clear topics that are done (clearRetained); later evictions are logged at DEBUG",
                    engineName,
                    maxTopics,
                    forTopic,
                    evicted.topic());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("Engine '{}' evicted the retained message of '{}' (#{})", engineName, evicted.topic(), n);
        }
    }

    /**
     * Registers {@code handler} owing it the retained messages {@code topic} matches, in seq order: the snapshot and
     * the registration are one step for the dispatcher.
     */
    synchronized Registration register(HookRegistry registry, Topic topic, EventHandler handler, boolean deduplicate) {
        List<MessagePayload> owed = matchingUnlocked(topic);
        if (owed.isEmpty()) {
            return registry.register(topic, handler, deduplicate, null);
        }
        RetainedReplay replay = new RetainedReplay(owed);
        Registration registration = registry.register(topic, handler, deduplicate, replay);
        if (replay.isOwed()) {
            replays.add(replay);
            queue.nudgeConsumer();
        }
        return registration;
    }

    /** Whether replays wait for the dispatching thread; one volatile read when none does. */
    boolean hasReplays() {
        return !replays.isEmpty();
    }

    /** On the dispatching thread: hands over every queued replay not handed over yet. Returns the handler failures. */
    int deliverReplays() {
        int failed = 0;
        for (RetainedReplay replay; (replay = replays.poll()) != null; ) {
            failed += replay.deliverQueued();
        }
        return failed;
    }

    /** The retained messages {@code topic} (exact or pattern) matches, in seq order. */
    synchronized List<MessagePayload> matching(Topic topic) {
        return matchingUnlocked(topic);
    }

    private List<MessagePayload> matchingUnlocked(Topic topic) {
        if (table.size() == 0) {
            return List.of();
        }
        List<Topic> held = table.matchedBy(topic);
        if (held.isEmpty()) {
            return List.of();
        }
        List<MessagePayload> found = new ArrayList<>(held.size());
        for (Topic t : held) {
            MessagePayload m = table.get(t);
            if (m != null) {
                found.add(m);
            }
        }
        found.sort(BY_SEQ);
        return List.copyOf(found);
    }

    /** Forgets the retained messages {@code topic} (exact or pattern) matches; returns how many. */
    synchronized int clear(Topic topic) {
        List<Topic> held = table.matchedBy(topic);
        for (Topic t : held) {
            table.remove(t);
        }
        return held.size();
    }

    /** Forgets every retained message; returns how many. */
    synchronized int clearAll() {
        int n = table.size();
        table.clear();
        return n;
    }

    /** How many topics hold a retained message. */
    synchronized int size() {
        return table.size();
    }

    /** How many retained topics were evicted to make room. */
    synchronized long evictions() {
        return evictions;
    }

    /** The builder's retain patterns as a route source that never changes. */
    private static final class BuilderRule implements RouteSource<Boolean> {
        private final Set<Topic> exact = new HashSet<>();
        private final PatternIndex<Topic> patterns = new PatternIndex<>();

        BuilderRule(List<Topic> topics) {
            long order = 0;
            for (Topic t : topics) {
                if (t.isExact()) {
                    exact.add(t);
                } else {
                    patterns.add(t, t, order++);
                }
            }
        }

        @Override
        public long version() {
            return 0;
        }

        @Override
        public Boolean resolve(Topic topic) {
            return exact.contains(topic)
                    || (patterns.size() != 0 && !patterns.match(topic).isEmpty());
        }

        @Override
        public @Nullable Topic changed(long version) {
            return null;
        }
    }
}
