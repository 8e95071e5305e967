package io.eventengine.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The retained messages one new registration is owed, in seq order. Its hook entry carries it (see {@link
 * EventHook}), so the dispatching thread hands them over right before the handler's first live message; the engine's
 * replay queue hands them over otherwise (a topic with no live traffic), whichever comes first. Only the dispatching
 * thread reads it after it is published.
 */
final class RetainedReplay {
    private final List<MessagePayload> owed;
    private @Nullable EventHook hook;

    RetainedReplay(List<MessagePayload> owed) {
        this.owed = owed;
    }

    /** The hook whose entry owes this; set when the entry is added, before the entry is published. */
    void owedBy(EventHook hook) {
        this.hook = hook;
    }

    /** Whether an entry took it: false when a deduplicating registration added nothing. */
    boolean isOwed() {
        return hook != null;
    }

    /** Whether {@code message} itself is one of the owed (the retained message dispatched just before). */
    boolean includes(MessagePayload message) {
        for (MessagePayload m : owed) {
            if (m == message) {
                return true;
            }
        }
        return false;
    }

    /**
     * The owed messages. Handed over once: both ways of delivering them first clear the one hook entry that owes
     * them (see {@link EventHook}).
     */
    List<MessagePayload> messages() {
        return owed;
    }

    /** From the replay queue: delivers unless the handler had them already or is gone. Returns the failures. */
    int deliverQueued() {
        EventHook h = hook;
        return h == null ? 0 : h.deliverQueued(this);
    }

    @Override
    public String toString() {
        return "RetainedReplay[" + owed.size() + " messages]";
    }
}
