package io.eventengine.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * The consumer's per-message numbers, padded onto cache lines of their own (JCTools' and the Disruptor's layout trick:
 * superclass fields come first, so the pads sit on both sides). The consumer writes them for every message; without
 * the padding they shared a line with state that producers read on every put (the dispatcher's owner), and each
 * message cost both threads a cache-line transfer. Only the owner of the {@link DispatchLoop} writes; other threads
 * read {@link #lvDispatched()}, and the stall watchdog and close's report read what is being dispatched ({@link
 * #lvMessage()}, {@link #lvHook()}).
 */
final class DispatchSequence extends DispatchSequenceFields {
    @SuppressWarnings("unused")
    private long p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;

    private static final VarHandle DISPATCHED;
    private static final VarHandle MESSAGE;
    private static final VarHandle HOOK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            DISPATCHED = lookup.findVarHandle(DispatchSequenceFields.class, "dispatched", long.class);
            MESSAGE = lookup.findVarHandle(DispatchSequenceFields.class, "message", MessagePayload.class);
            HOOK = lookup.findVarHandle(DispatchSequenceFields.class, "hook", EventHook.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Numbers one message (owner only). */
    long next() {
        return next++;
    }

    /** The seq being dispatched, {@link MessagePayload#NO_SEQ} between messages (owner only). */
    long current() {
        return current;
    }

    void current(long seq) {
        current = seq;
    }

    /** Counts one message done, with a release store: a reader that sees the count sees the handlers' effects. */
    void soDispatchedIncrement() {
        DISPATCHED.setRelease(this, dispatched + 1);
    }

    /** The message being dispatched, null between messages: a release store (a plain move on x86), owner only. */
    void soMessage(@Nullable MessagePayload message) {
        MESSAGE.setRelease(this, message);
    }

    /** The hook being triggered, null between messages (owner only). */
    void soHook(@Nullable EventHook hook) {
        HOOK.setRelease(this, hook);
    }

    /** The message being dispatched, from any thread. */
    @Nullable
    MessagePayload lvMessage() {
        return (MessagePayload) MESSAGE.getVolatile(this);
    }

    /** The hook being triggered, from any thread. */
    @Nullable
    EventHook lvHook() {
        return (EventHook) HOOK.getVolatile(this);
    }

    /** Messages dispatched or taken so far, from any thread. */
    long lvDispatched() {
        return (long) DISPATCHED.getVolatile(this);
    }
}

/** 128 bytes ahead of the fields: a line, and the neighbour the adjacent-line prefetcher pairs with it. */
abstract class DispatchSequencePad {
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p0a, p0b, p0c, p0d, p0e, p0f;
}

abstract class DispatchSequenceFields extends DispatchSequencePad {
    long next; // owner only
    long current = MessagePayload.NO_SEQ; // owner only
    long dispatched; // owner writes (release), anyone reads (volatile), through DispatchSequence.DISPATCHED

    @Nullable
    MessagePayload message; // owner writes (release), observers read, through DispatchSequence.MESSAGE

    @Nullable
    EventHook hook; // likewise, through DispatchSequence.HOOK
}
