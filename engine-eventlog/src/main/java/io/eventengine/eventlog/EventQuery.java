package io.eventengine.eventlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Queries over an {@link EventLog} and printers of its cascades in Eventure's box-drawing format (Eventure's {@code
 * EventQuery}). Every call reads the log as it is then.
 *
 * <p>Roots: an event is a root of its tick when it has no parent, its parent is not in the log, or its parent is in
 * another tick; the others are children within their tick. The printers write exactly what Eventure's print:
 *
 * <pre>
 * ===== EVENT CASCADE VIEWER =====
 *
 * ┌─── TICK 0 ───┐
 * │
 *   ● enemy.defeated
 *     ID: 0-ECDC-1
 *     Data:
 *       enemy: dragon
 *     ↓ Triggers events in tick 1 (1)
 *     │
 *     └─ treasure.drop
 *     │ ID: 0-EDDA-1
 * └───────────────┘
 *
 * ┌─── TICK 1 ───┐
 * │
 *   ↓ quest.complete (caused by: enemy.defeated @ tick 0)
 *     ID: 1-CFFA-1
 * └───────────────┘
 * </pre>
 *
 * <p>Data values print as Python's {@code str()} would print them ({@code True}, {@code None}, {@code 1.5}, {@code
 * {'a': [1, 2]}}), roots and children in timestamp order (ties in log order), lines end with {@code \n}.
 */
public final class EventQuery {
    private static final Comparator<Event> BY_TIMESTAMP = Comparator.comparingDouble(Event::timestamp);

    private final EventLog log;

    /** A query over {@code log}. */
    public EventQuery(EventLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    private List<Event> events() {
        List<Event> all = log.events();
        return all.subList(0, all.size());
    }

    // ---- queries ----------------------------------------------------------------------------------------------

    /** The events of {@code type}, in log order (Eventure's {@code get_events_by_type}). */
    public List<Event> eventsByType(String type) {
        List<Event> found = new ArrayList<>();
        for (Event e : events()) {
            if (e.type().equals(type)) {
                found.add(e);
            }
        }
        return List.copyOf(found);
    }

    /**
     * The events whose data has {@code key} with a value equal to {@code value} (Eventure's {@code
     * get_events_by_data}). Equality is Python's on JSON values: numbers by value ({@code 1} equals {@code 1.0} and
     * {@code 1L}), lists and maps element by element; {@code value} is converted as event data is ({@code
     * java.time} values to ISO strings).
     *
     * @throws IllegalArgumentException when {@code value} has no JSON form
     */
    public List<Event> eventsByData(String key, @Nullable Object value) {
        Object wanted = JsonValues.normalize(value, "value", 0);
        List<Event> found = new ArrayList<>();
        for (Event e : events()) {
            if (e.data().containsKey(key) && pyEquals(e.data().get(key), wanted)) {
                found.add(e);
            }
        }
        return List.copyOf(found);
    }

    static boolean pyEquals(@Nullable Object a, @Nullable Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number x && b instanceof Number y) {
            if (x instanceof Double dx && (dx.isNaN() || dx.isInfinite())
                    || y instanceof Double dy && (dy.isNaN() || dy.isInfinite())) {
                return x.doubleValue() == y.doubleValue();
            }
            return toBigDecimal(x).compareTo(toBigDecimal(y)) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!pyEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !pyEquals(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static BigDecimal toBigDecimal(Number n) {
        if (n instanceof Double d) {
            return new BigDecimal(d);
        }
        if (n instanceof java.math.BigInteger b) {
            return new BigDecimal(b);
        }
        return BigDecimal.valueOf(n.longValue());
    }

    /** The events of {@code tick}, in log order (Eventure's {@code get_events_at_tick}). */
    public List<Event> eventsAtTick(long tick) {
        return log.eventsAtTick(tick);
    }

    /** The direct children of {@code parent}, in log order, whatever their tick (Eventure's {@code get_child_events}). */
    public List<Event> childEvents(Event parent) {
        List<Event> found = new ArrayList<>();
        for (Event e : events()) {
            if (parent.id().equals(e.parentId())) {
                found.add(e);
            }
        }
        return List.copyOf(found);
    }

    /**
     * {@code root} and everything it caused, breadth first (the root, its children in log order, their children...),
     * across ticks (Eventure's {@code get_cascade_events}).
     */
    public List<Event> cascadeEvents(Event root) {
        Map<String, List<Event>> children = childrenIndex(events());
        List<Event> cascade = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        cascade.add(root);
        seen.add(root.id());
        for (int i = 0; i < cascade.size(); i++) {
            for (Event child : children.getOrDefault(cascade.get(i).id(), List.of())) {
                if (seen.add(child.id())) {
                    cascade.add(child);
                }
            }
        }
        return List.copyOf(cascade);
    }

    /**
     * The roots of every tick (Eventure's {@code get_root_events()}): ticks in the order they first appear in the log,
     * each tick's roots in timestamp order.
     */
    public List<Event> rootEvents() {
        List<Event> all = events();
        Map<Long, List<Event>> byTick = new LinkedHashMap<>();
        for (Event e : all) {
            byTick.computeIfAbsent(e.tick(), t -> new ArrayList<>()).add(e);
        }
        List<Event> roots = new ArrayList<>();
        for (List<Event> tickEvents : byTick.values()) {
            roots.addAll(rootsOf(tickEvents, null));
        }
        return List.copyOf(roots);
    }

    /** The roots of {@code tick}, in timestamp order (Eventure's {@code get_root_events(tick)}). */
    public List<Event> rootEvents(long tick) {
        return List.copyOf(rootsOf(log.eventsAtTick(tick), null));
    }

    /** How many events of each type, types in order of first appearance (Eventure's {@code count_events_by_type}). */
    public Map<String, Integer> countEventsByType() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Event e : events()) {
            counts.merge(e.type(), 1, Integer::sum);
        }
        return Collections.unmodifiableMap(counts);
    }

    /**
     * The roots of one tick's events, sorted by timestamp (stable); {@code children} collects the others' ids: events
     * whose parent is in the log and in the same tick.
     */
    private List<Event> rootsOf(List<Event> tickEvents, @Nullable Set<String> children) {
        Set<String> childIds = children == null ? new HashSet<>() : children;
        for (Event e : tickEvents) {
            String parentId = e.parentId();
            if (parentId != null) {
                Event parent = log.get(parentId);
                if (parent != null && parent.tick() == e.tick()) {
                    childIds.add(e.id());
                }
            }
        }
        List<Event> roots = new ArrayList<>();
        for (Event e : tickEvents) {
            if (!childIds.contains(e.id())) {
                roots.add(e);
            }
        }
        roots.sort(BY_TIMESTAMP);
        return roots;
    }

    private static Map<String, List<Event>> childrenIndex(List<Event> events) {
        Map<String, List<Event>> index = new HashMap<>();
        for (Event e : events) {
            if (e.parentId() != null) {
                index.computeIfAbsent(e.parentId(), p -> new ArrayList<>()).add(e);
            }
        }
        return index;
    }

    // ---- printers ---------------------------------------------------------------------------------------------

    /**
     * Prints every tick's cascades (Eventure's {@code print_event_cascade}): a header, then per tick in ascending order
     * a box with each root's tree of same-tick children, cross-tick causes ({@code ↓ ... (caused by: T @ tick n)}) and
     * later-tick effects ({@code ↓ Triggers events in tick n (k)}).
     */
    public void printEventCascade(Appendable out, boolean showData) {
        write(out, formatEventCascade(showData));
    }

    /** What {@link #printEventCascade} prints. */
    public String formatEventCascade(boolean showData) {
        List<Event> all = events();
        StringBuilder sb = new StringBuilder();
        line(sb, "===== EVENT CASCADE VIEWER =====");
        if (all.isEmpty()) {
            line(sb, "\n<No events in log>");
            return sb.toString();
        }
        TreeMap<Long, List<Event>> byTick = new TreeMap<>();
        for (Event e : all) {
            byTick.computeIfAbsent(e.tick(), t -> new ArrayList<>()).add(e);
        }
        Map<String, List<Event>> children = childrenIndex(all);
        for (Map.Entry<Long, List<Event>> entry : byTick.entrySet()) {
            long tick = entry.getKey();
            List<Event> tickEvents = entry.getValue();
            line(sb, "\n┌─── TICK " + tick + " ───┐");
            Set<String> childIds = new HashSet<>();
            List<Event> roots = rootsOf(tickEvents, childIds);
            if (roots.isEmpty()) {
                line(sb, "  <No events>");
            }
            for (Event root : roots) {
                printTree(sb, root, childIds, children, showData);
            }
            line(sb, "└" + "─".repeat(14 + Long.toString(tick).length()) + "┘");
        }
        return sb.toString();
    }

    /**
     * Prints {@code root}'s tree of same-tick children as in {@link #printEventCascade}, without the tick box
     * (Eventure's {@code print_single_cascade}).
     */
    public void printSingleCascade(Event root, Appendable out, boolean showData) {
        write(out, formatSingleCascade(root, showData));
    }

    /** What {@link #printSingleCascade} prints. */
    public String formatSingleCascade(Event root, boolean showData) {
        Set<String> childIds = new HashSet<>();
        rootsOf(log.eventsAtTick(root.tick()), childIds);
        StringBuilder sb = new StringBuilder();
        printTree(sb, root, childIds, childrenIndex(events()), showData);
        return sb.toString();
    }

    /** Prints one event: {@code ● type}, its id and data (Eventure's {@code print_event_details}). */
    public void printEventDetails(Event event, Appendable out, boolean showData) {
        write(out, formatEventDetails(event, showData));
    }

    /** What {@link #printEventDetails} prints. */
    public String formatEventDetails(Event event, boolean showData) {
        StringBuilder sb = new StringBuilder();
        line(sb, "● " + event.type() + causedBy(event));
        line(sb, "  ID: " + event.id());
        if (showData && !event.data().isEmpty()) {
            line(sb, "  Data:");
            for (Map.Entry<String, @Nullable Object> e : event.data().entrySet()) {
                line(sb, "    " + e.getKey() + ": " + JsonValues.pyStr(e.getValue()));
            }
        }
        return sb.toString();
    }

    /** A root's tree, depth first, children of each event in timestamp order (no recursion: chains may be long). */
    private void printTree(
            StringBuilder sb, Event root, Set<String> childIds, Map<String, List<Event>> children, boolean showData) {
        record Item(Event event, int level) {}
        Deque<Item> stack = new ArrayDeque<>();
        stack.push(new Item(root, 1));
        while (!stack.isEmpty()) {
            Item item = stack.pop();
            Event event = item.event();
            String indent = "  ".repeat(item.level());
            String prefix = prefixOf(event);
            boolean child = prefix.equals("└─");
            String continuation = indent + (child ? "│ " : "  ");
            line(sb, child ? indent + "│" : "│");
            line(sb, indent + prefix + " " + event.type() + causedBy(event));
            line(sb, continuation + "ID: " + event.id());
            if (showData && !event.data().isEmpty()) {
                line(sb, continuation + "Data:");
                for (Map.Entry<String, @Nullable Object> e : event.data().entrySet()) {
                    line(sb, continuation + "  " + e.getKey() + ": " + JsonValues.pyStr(e.getValue()));
                }
            }
            List<Event> all = children.getOrDefault(event.id(), List.of());
            List<Event> sameTick = new ArrayList<>();
            TreeMap<Long, Integer> later = new TreeMap<>();
            for (Event c : all) {
                if (c.tick() == event.tick() && childIds.contains(c.id())) {
                    sameTick.add(c);
                } else if (c.tick() > event.tick()) {
                    later.merge(c.tick(), 1, Integer::sum);
                }
            }
            if (!later.isEmpty()) {
                List<String> ticks = new ArrayList<>();
                later.forEach((tick, count) -> ticks.add("tick " + tick + " (" + count + ")"));
                line(
                        sb,
                        continuation
                                + (ticks.size() == 1
                                        ? "↓ Triggers events in " + ticks.get(0)
                                        : "↓ Triggers events in: " + String.join(", ", ticks)));
            }
            sameTick.sort(BY_TIMESTAMP);
            for (int i = sameTick.size() - 1; i >= 0; i--) {
                stack.push(new Item(sameTick.get(i), item.level() + 1));
            }
        }
    }

    /** Eventure's symbol: {@code ●} no parent, {@code ↓} parent in an earlier tick, {@code └─} otherwise. */
    private String prefixOf(Event event) {
        String parentId = event.parentId();
        if (parentId == null) {
            return "●";
        }
        Event parent = log.get(parentId);
        return parent != null && parent.tick() < event.tick() ? "↓" : "└─";
    }

    private String causedBy(Event event) {
        String parentId = event.parentId();
        if (parentId == null) {
            return "";
        }
        Event parent = log.get(parentId);
        return parent != null && parent.tick() < event.tick()
                ? " (caused by: " + parent.type() + " @ tick " + parent.tick() + ")"
                : "";
    }

    private static void line(StringBuilder sb, String text) {
        sb.append(text).append('\n');
    }

    private static void write(Appendable out, String text) {
        try {
            out.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not print the event cascade: " + e.getMessage(), e);
        }
    }
}
