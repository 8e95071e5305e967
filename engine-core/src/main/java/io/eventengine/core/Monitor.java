package io.eventengine.core;

import io.eventengine.core.internal.CallbackFailures;
import io.eventengine.core.monitoring.EngineMonitoring;
import io.eventengine.core.monitoring.EventSet;
import io.eventengine.core.monitoring.MonitorAction;
import io.eventengine.core.monitoring.MonitoringEvent;
import io.eventengine.core.monitoring.MonitoringTool;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine's {@link EngineMonitoring}: the tools, the activation word the monitored sites read, and the firing of
 * events. Changes serialize on this object and publish an immutable {@link State}; firing reads that state once and
 * never locks. Which tools an event reaches at a location is: the tools that want it globally, plus those whose local
 * pattern matches the event's topic (cached per topic for the state's version), minus those that disabled it there.
 */
final class Monitor implements EngineMonitoring {
    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

    /** Event indices, for the switch in {@link #call}; checked against the kinds' own indices below. */
    static final int CAPTURE = 0;

    static final int PUBLISH = 1;
    static final int REJECT = 2;
    static final int DISPATCH = 3;
    static final int DISPATCH_RETURN = 4;
    static final int HANDLER_START = 5;
    static final int HANDLER_RETURN = 6;
    static final int HANDLER_RAISE = 7;
    static final int HANDLER_STALL = 8;
    static final int SUBSCRIBER_DROP = 9;
    static final int TIMER_TICK = 10;
    static final int SUBSCRIBE = 11;
    static final int UNSUBSCRIBE = 12;
    static final int ENGINE_START = 13;
    static final int ENGINE_STOP = 14;
    static final int ENGINE_CLOSE = 15;

    /** What the dispatcher fires around a route: when none of it is wanted, it dispatches exactly as unmonitored. */
    static final int DISPATCH_PATH = bit(DISPATCH) | bit(DISPATCH_RETURN) | bit(HANDLER_START) | bit(HANDLER_RETURN);
    /** What a producer fires around a successful offer. */
    static final int PUBLISH_PATH = bit(CAPTURE) | bit(PUBLISH);

    /** Topics whose local-event masks are cached; beyond it they are computed per event. */
    private static final int LOCAL_CACHE_LIMIT = 4096;

    static {
        MonitoringEvent[] kinds = {
            MonitoringEvent.CAPTURE,
            MonitoringEvent.PUBLISH,
            MonitoringEvent.REJECT,
            MonitoringEvent.DISPATCH,
            MonitoringEvent.DISPATCH_RETURN,
            MonitoringEvent.HANDLER_START,
            MonitoringEvent.HANDLER_RETURN,
            MonitoringEvent.HANDLER_RAISE,
            MonitoringEvent.HANDLER_STALL,
            MonitoringEvent.SUBSCRIBER_DROP,
            MonitoringEvent.TIMER_TICK,
            MonitoringEvent.SUBSCRIBE,
            MonitoringEvent.UNSUBSCRIBE,
            MonitoringEvent.ENGINE_START,
            MonitoringEvent.ENGINE_STOP,
            MonitoringEvent.ENGINE_CLOSE
        };
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i].index() != i) {
                throw new AssertionError("monitoring event " + kinds[i] + " has index " + kinds[i].index());
            }
        }
    }

    static int bit(int index) {
        return 1 << index;
    }

    private record Local(Topic pattern, int events) {}

    /** One immutable view of every tool; replaced as a whole on each change. */
    private static final class State {
        final @Nullable String[] names;
        final @Nullable MonitoringTool[] tools;
        final int[] events;
        final List<List<Local>> locals;
        /** Per event index: the tools that want it globally (and have callbacks). */
        final int[] globalTools = new int[32];

        final int localEvents;
        final int active;
        final long version;

        State(
                @Nullable String[] names,
                @Nullable MonitoringTool[] tools,
                int[] events,
                List<List<Local>> locals,
                long version) {
            this.names = names;
            this.tools = tools;
            this.events = events;
            this.locals = locals;
            this.version = version;
            int local = 0;
            int on = 0;
            for (int id = 0; id < TOOL_IDS; id++) {
                if (tools[id] == null) {
                    continue;
                }
                for (int rest = events[id]; rest != 0; rest &= rest - 1) {
                    globalTools[Integer.numberOfTrailingZeros(rest)] |= 1 << id;
                }
                on |= events[id];
                for (Local l : locals.get(id)) {
                    local |= l.events;
                }
            }
            this.localEvents = local;
            this.active = on | local;
        }
    }

    private record LocalMasks(long version, int[] tools) {}

    private final String engineName;
    private final IntConsumer producerGate;
    private volatile @Nullable EventEngine engine;
    private volatile State state;
    /**
     * The activation word: {@link State#active}, kept in a field of its own so that a site reads one int. Written with
     * a release store after the state it summarises, read opaquely by the sites (a plain load, no fence: a site that
     * sees a bit reads the state with a volatile read before firing), so that no tool costs the hot path a barrier.
     */
    @SuppressWarnings("unused") // through ACTIVE
    private int active;

    private static final VarHandle ACTIVE;

    static {
        try {
            ACTIVE = MethodHandles.lookup().findVarHandle(Monitor.class, "active", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConcurrentHashMap<Topic, LocalMasks> localCache = new ConcurrentHashMap<>();
    /** Location (a topic, or a hook for handler events) to the tools that disabled each event there. */
    private final ConcurrentHashMap<Object, int[]> disabled = new ConcurrentHashMap<>();

    private volatile boolean anyDisabled;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong versions = new AtomicLong();

    /** For a registry or test without an engine: no producer gate to keep. */
    Monitor(String engineName) {
        this(engineName, events -> {});
    }

    /**
     * @param producerGate told the {@link #PUBLISH_PATH} events some tool wants, at each change (the engine's queue keeps
     *     them in its gate, beside its closing flag, so that a put reads one word for both)
     */
    Monitor(String engineName, IntConsumer producerGate) {
        this.engineName = engineName;
        this.producerGate = producerGate;
        List<List<Local>> locals = new ArrayList<>();
        for (int i = 0; i < TOOL_IDS; i++) {
            locals.add(List.of());
        }
        this.state = new State(new String[TOOL_IDS], new MonitoringTool[TOOL_IDS], new int[TOOL_IDS], locals, 0);
    }

    void attach(EventEngine owner) {
        this.engine = owner;
    }

    /** The activation word: the union of every event some tool wants. One opaque read: a plain load. */
    int active() {
        return (int) ACTIVE.getOpaque(this);
    }

    // ---- the user's side -------------------------------------------------------------------------------------

    @Override
    public synchronized void useToolId(int id, String name) {
        checkId(id);
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A monitoring tool needs a name, e.g. \"metrics\"");
        }
        State s = state;
        String holder = s.names[id];
        if (holder != null) {
            throw new IllegalStateException("Tool id " + id + " of engine '" + engineName + "' is in use by '" + holder
                    + "'; free it with freeToolId(" + id + ") or take a free id: " + freeIds(s));
        }
        String[] names = s.names.clone();
        names[id] = name;
        publish(new State(names, s.tools, s.events, s.locals, nextVersion()));
    }

    @Override
    public synchronized void freeToolId(int id) {
        checkId(id);
        State s = state;
        if (s.names[id] == null) {
            return;
        }
        String[] names = s.names.clone();
        names[id] = null;
        MonitoringTool[] tools = s.tools.clone();
        tools[id] = null;
        int[] events = s.events.clone();
        events[id] = 0;
        List<List<Local>> locals = new ArrayList<>(s.locals);
        locals.set(id, List.of());
        int keep = ~(1 << id);
        disabled.replaceAll((k, v) -> {
            int[] copy = v.clone();
            for (int i = 0; i < copy.length; i++) {
                copy[i] &= keep;
            }
            return copy;
        });
        publish(new State(names, tools, events, locals, nextVersion()));
    }

    @Override
    public @Nullable String getTool(int id) {
        checkId(id);
        return state.names[id];
    }

    @Override
    public synchronized @Nullable MonitoringTool registerCallbacks(int id, @Nullable MonitoringTool tool) {
        State s = inUse(id, "registerCallbacks");
        MonitoringTool previous = s.tools[id];
        MonitoringTool[] tools = s.tools.clone();
        tools[id] = tool;
        publish(new State(s.names, tools, s.events, s.locals, nextVersion()));
        return previous;
    }

    @Override
    public synchronized void setEvents(int id, EventSet events) {
        Objects.requireNonNull(events, "events");
        State s = inUse(id, "setEvents");
        int[] copy = s.events.clone();
        copy[id] = events.mask();
        publish(new State(s.names, s.tools, copy, s.locals, nextVersion()));
    }

    @Override
    public EventSet getEvents(int id) {
        checkId(id);
        return EventSet.ofMask(state.events[id]);
    }

    @Override
    public synchronized void setLocalEvents(int id, Topic pattern, EventSet events) {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(events, "events");
        State s = inUse(id, "setLocalEvents");
        List<Local> mine = new ArrayList<>(s.locals.get(id));
        mine.removeIf(l -> l.pattern.equals(pattern));
        if (!events.isEmpty()) {
            mine.add(new Local(pattern, events.mask()));
        }
        List<List<Local>> locals = new ArrayList<>(s.locals);
        locals.set(id, List.copyOf(mine));
        publish(new State(s.names, s.tools, s.events, locals, nextVersion()));
    }

    @Override
    public void setLocalEvents(int id, String pattern, EventSet events) {
        setLocalEvents(id, Topic.of(pattern), events);
    }

    @Override
    public EventSet getLocalEvents(int id, Topic pattern) {
        checkId(id);
        for (Local l : state.locals.get(id)) {
            if (l.pattern.equals(pattern)) {
                return EventSet.ofMask(l.events);
            }
        }
        return EventSet.NONE;
    }

    @Override
    public synchronized void restartEvents() {
        disabled.clear();
        anyDisabled = false;
        State s = state;
        publish(new State(s.names, s.tools, s.events, s.locals, nextVersion()));
    }

    @Override
    public long version() {
        return versions.get();
    }

    @Override
    public EventSet activeEvents() {
        return EventSet.ofMask(active());
    }

    @Override
    public long callbackFailures() {
        return failures.get();
    }

    @Override
    public @Nullable Object captured(MessagePayload message, int id) {
        checkId(id);
        return message.captured(id);
    }

    private long nextVersion() {
        return versions.incrementAndGet();
    }

    private void publish(State next) {
        state = next;
        ACTIVE.setRelease(this, next.active);
        producerGate.accept(next.active & PUBLISH_PATH); // after the state: a put that sees a bit fires through it
        localCache.clear(); // entries of an older version are ignored anyway; this frees them
    }

    private State inUse(int id, String verb) {
        checkId(id);
        State s = state;
        if (s.names[id] == null) {
            throw new IllegalStateException("Tool id " + id + " of engine '" + engineName + "' is not in use: call"
                    + " useToolId(" + id + ", name) before " + verb);
        }
        return s;
    }

    private static void checkId(int id) {
        if (id < 0 || id >= TOOL_IDS) {
            throw new IllegalArgumentException(
                    "Tool id " + id + " is out of range: tool ids are 0 to " + (TOOL_IDS - 1));
        }
    }

    private static List<Integer> freeIds(State s) {
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < TOOL_IDS; i++) {
            if (s.names[i] == null) {
                free.add(i);
            }
        }
        return free;
    }

    // ---- the engine's side: firing ----------------------------------------------------------------------------

    /** The tools event {@code index} reaches for a message on {@code topic} at {@code location}. */
    private int toolsFor(State s, int index, @Nullable Topic topic, @Nullable Object location) {
        int tools = s.globalTools[index];
        if (topic != null && (s.localEvents & bit(index)) != 0) {
            tools |= localTools(s, topic)[index];
        }
        if (tools != 0 && location != null && anyDisabled) {
            int[] off = disabled.get(location);
            if (off != null) {
                tools &= ~off[index];
            }
        }
        return tools;
    }

    private int[] localTools(State s, Topic topic) {
        LocalMasks cached = localCache.get(topic);
        if (cached != null && cached.version == s.version) {
            return cached.tools;
        }
        int[] masks = new int[32];
        for (int id = 0; id < TOOL_IDS; id++) {
            if (s.tools[id] == null) {
                continue;
            }
            for (Local l : s.locals.get(id)) {
                if (l.pattern.equals(topic) || (topic.isExact() && l.pattern.matches(topic))) {
                    for (int rest = l.events; rest != 0; rest &= rest - 1) {
                        masks[Integer.numberOfTrailingZeros(rest)] |= 1 << id;
                    }
                }
            }
        }
        if (localCache.size() < LOCAL_CACHE_LIMIT) {
            localCache.put(topic, new LocalMasks(s.version, masks));
        }
        return masks;
    }

    private void disable(Object location, int index, int id) {
        disabled.compute(location, (k, v) -> {
            int[] next = v == null ? new int[32] : v.clone();
            next[index] |= 1 << id;
            return next;
        });
        anyDisabled = true;
        versions.incrementAndGet();
    }

    /** Keeps a DISABLE answer at {@code location}, where the event has one. */
    private void answered(@Nullable MonitorAction action, @Nullable Object location, int index, int id) {
        if (action == MonitorAction.DISABLE && location != null) {
            disable(location, index, id);
        }
    }

    private void contain(State s, int id, int index, Throwable failure) {
        long count = failures.incrementAndGet();
        CallbackFailures.report(
                LOG,
                failure,
                count,
                () -> "Monitoring tool " + id + " ('" + s.names[id] + "') of engine '" + engineName + "' threw in its "
                        + MonitoringEvent.values().get(index) + " callback");
    }

    /** Captures every CAPTURE tool's context into {@code message}, before it is queued. */
    void fireCapture(MessagePayload message) {
        State s = state;
        Topic topic = message.topic();
        for (int rest = toolsFor(s, CAPTURE, topic, null); rest != 0; rest &= rest - 1) {
            int id = Integer.numberOfTrailingZeros(rest);
            MonitoringTool tool = s.tools[id];
            try {
                Object context = tool == null ? null : tool.onCapture(topic);
                if (context != null) {
                    message.capture(id, context);
                }
            } catch (Throwable t) {
                contain(s, id, CAPTURE, t);
            }
        }
    }

    void firePublish(MessagePayload message) {
        State s = state;
        Topic topic = message.topic();
        for (int rest = toolsFor(s, PUBLISH, topic, topic); rest != 0; rest &= rest - 1) {
            int id = Integer.numberOfTrailingZeros(rest);
            MonitoringTool tool = s.tools[id];
            try {
                answered(tool == null ? null : tool.onPublish(message), topic, PUBLISH, id);
            } catch (Throwable t) {
                contain(s, id, PUBLISH, t);
            }
        }
    }

    void fireReject(Topic topic, int capacity, boolean accepted, long waitedNanos) {
        State s = state;
        for (int rest = toolsFor(s, REJECT, topic, topic); rest != 0; rest &= rest - 1) {
            int id = Integer.numberOfTrailingZeros(rest);
            MonitoringTool tool = s.tools[id];
            try {
                answered(
                        tool == null ? null : tool.onReject(topic, capacity, accepted, waitedNanos), topic, REJECT, id);
            } catch (Throwable t) {
                contain(s, id, REJECT, t);
            }
        }
    }

    void fireDispatch(MessagePayload message, int hooks) {
        State s = state;
        Topic topic = message.topic();
        for (int rest = toolsFor(s, DISPATCH, topic, topic); rest != 0; rest &= rest - 1) {
            int id = Integer.numberOfTrailingZeros(rest);
            MonitoringTool tool = s.tools[id];
            try {
                answered(tool == null ? null : tool.onDispatch(message, hooks), topic, DISPATCH, id);
            } catch (Throwable t) {
                contain(s, id, DISPATCH, t);
            }
        }
    }

    void fireDispatchReturn(MessagePayload message, int hooks, int failed, long nanos) {
        State s = state;
        Topic topic = message.topic();
        for (int rest = toolsFor(s, DISPATCH_RETURN, topic, topic); rest != 0; rest &= rest - 1) {
            int id = Integer.numberOfTrailingZeros(rest);
            MonitoringTool tool = s.tools[id];
            try {
                answered(
                        tool == null ? null : tool.onDispatchReturn(message, hooks, failed, nanos),
                        topic,
                        DISPATCH_RETURN,
                        id);
            } catch (Throwable t) {
                contain(s, id, DISPATCH_RETURN, t);
            }
        }
    }

    void fireHandlerStart(EventHook hook, EventHandler handler, MessagePayload message) {
        State s = state;
        for (int rest = toolsFor(s, HANDLER_START, message.topic(), hook); rest != 0; rest &= rest - 1) {
            int id = Integer.numberOfTrailingZeros(rest);
            MonitoringTool tool = s.tools[id];
            try {
                answered(tool == null ? null : tool.onHandlerStart(hook, handler, message), hook, HANDLER_START, id);
            } catch (Throwable t) {
                contain(s, id, HANDLER_START, t);
            }
        }
    }

    void fireHandlerReturn(EventHook hook, EventHandler handler, MessagePayload message, long nanos) {
        State s = state;
        for (int rest = toolsFor(s, HANDLER_RETURN, message.topic(), hook); rest != 0; rest &= rest - 1) {
            int id = Integer.numberOfTrailingZeros(rest);
            MonitoringTool tool = s.tools[id];
            try {
                answered(
                        tool == null ? null : tool.onHandlerReturn(hook, handler, message, nanos),
                        hook,
                        HANDLER_RETURN,
                        id);
            } catch (Throwable t) {
                contain(s, id, HANDLER_RETURN, t);
            }
        }
    }

    void fireHandlerRaise(EventHook hook, EventHandler handler, MessagePayload message, Throwable failure) {
        State s = state;
        for (int rest = toolsFor(s, HANDLER_RAISE, message.topic(), hook); rest != 0; rest &= rest - 1) {
            int id = Integer.numberOfTrailingZeros(rest);
            MonitoringTool tool = s.tools[id];
            try {
                answered(
                        tool == null ? null : tool.onHandlerRaise(hook, handler, message, failure),
                        hook,
                        HANDLER_RAISE,
                        id);
            } catch (Throwable t) {
                contain(s, id, HANDLER_RAISE, t);
            }
        }
    }

    void fireHandlerStall(
            @Nullable EventHook hook, MessagePayload message, long stalledMillis, String frame, String stack) {
        State s = state;
        Object location = hook == null ? message.topic() : hook;
        for (int rest = toolsFor(s, HANDLER_STALL, message.topic(), location); rest != 0; rest &= rest - 1) {
            int id = Integer.numberOfTrailingZeros(rest);
            MonitoringTool tool = s.tools[id];
            try {
                answered(
                        tool == null ? null : tool.onHandlerStall(hook, message, stalledMillis, frame, stack),
                        location,
                        HANDLER_STALL,
                        id);
            } catch (Throwable t) {
                contain(s, id, HANDLER_STALL, t);
            }
        }
    }

    void fireSubscriberDrop(Topic pattern, @Nullable MessagePayload message) {
        State s = state;
        Topic topic = message == null ? pattern : message.topic();
        for (int rest = toolsFor(s, SUBSCRIBER_DROP, topic, pattern); rest != 0; rest &= rest - 1) {
            int id = Integer.numberOfTrailingZeros(rest);
            MonitoringTool tool = s.tools[id];
            try {
                answered(tool == null ? null : tool.onSubscriberDrop(pattern, message), pattern, SUBSCRIBER_DROP, id);
            } catch (Throwable t) {
                contain(s, id, SUBSCRIBER_DROP, t);
            }
        }
    }

    void fireTimerTick(Topic timer, boolean queued) {
        State s = state;
        for (int rest = toolsFor(s, TIMER_TICK, timer, timer); rest != 0; rest &= rest - 1) {
            int id = Integer.numberOfTrailingZeros(rest);
            MonitoringTool tool = s.tools[id];
            try {
                answered(tool == null ? null : tool.onTimerTick(timer, queued), timer, TIMER_TICK, id);
            } catch (Throwable t) {
                contain(s, id, TIMER_TICK, t);
            }
        }
    }

    /** SUBSCRIBE (or UNSUBSCRIBE when {@code subscribed} is false). */
    void fireSubscription(Topic pattern, EventHandler handler, boolean subscribed) {
        int index = subscribed ? SUBSCRIBE : UNSUBSCRIBE;
        if ((active() & bit(index)) == 0) {
            return;
        }
        State s = state;
        for (int rest = toolsFor(s, index, pattern, pattern); rest != 0; rest &= rest - 1) {
            int id = Integer.numberOfTrailingZeros(rest);
            MonitoringTool tool = s.tools[id];
            try {
                MonitorAction action = tool == null
                        ? null
                        : subscribed ? tool.onSubscribe(pattern, handler) : tool.onUnsubscribe(pattern, handler);
                answered(action, pattern, index, id);
            } catch (Throwable t) {
                contain(s, id, index, t);
            }
        }
    }

    /** ENGINE_START, ENGINE_STOP or ENGINE_CLOSE. */
    void fireLifecycle(int index) {
        EventEngine e = engine;
        if ((active() & bit(index)) == 0 || e == null) {
            return;
        }
        State s = state;
        for (int rest = s.globalTools[index]; rest != 0; rest &= rest - 1) {
            int id = Integer.numberOfTrailingZeros(rest);
            MonitoringTool tool = s.tools[id];
            try {
                if (tool != null) {
                    switch (index) {
                        case ENGINE_START -> tool.onEngineStart(e);
                        case ENGINE_STOP -> tool.onEngineStop(e);
                        default -> tool.onEngineClose(e);
                    }
                }
            } catch (Throwable t) {
                contain(s, id, index, t);
            }
        }
    }

    /** A custom event (see {@link MonitoringEvent#define}), fired by an adapter. */
    void fireCustom(MonitoringEvent event, @Nullable Topic topic, @Nullable Object detail) {
        int index = event.index();
        if ((active() & event.mask()) == 0) {
            return;
        }
        State s = state;
        for (int rest = toolsFor(s, index, topic, topic); rest != 0; rest &= rest - 1) {
            int id = Integer.numberOfTrailingZeros(rest);
            MonitoringTool tool = s.tools[id];
            try {
                answered(tool == null ? null : tool.onCustom(event, topic, detail), topic, index, id);
            } catch (Throwable t) {
                contain(s, id, index, t);
            }
        }
    }

    @Override
    public String toString() {
        State s = state;
        return "EngineMonitoring[engine=" + engineName + ", tools=" + Arrays.toString(s.names) + ", active="
                + activeEvents() + ", version=" + s.version + "]";
    }
}
