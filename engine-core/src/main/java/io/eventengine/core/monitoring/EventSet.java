package io.eventengine.core.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable set of {@link MonitoringEvent} kinds (CPython's integer event sets, {@code events.PY_START |
 * events.PY_RETURN}); held as one bit mask.
 */
public final class EventSet {
    /** No event. */
    public static final EventSet NONE = new EventSet(0);

    private final int bits;

    private EventSet(int bits) {
        this.bits = bits;
    }

    /** The set of {@code events}. */
    public static EventSet of(MonitoringEvent... events) {
        int bits = 0;
        for (MonitoringEvent event : events) {
            bits |= Objects.requireNonNull(event, "event").mask();
        }
        return ofMask(bits);
    }

    /** Every kind defined so far ({@link MonitoringEvent#values()}). */
    public static EventSet all() {
        int bits = 0;
        for (MonitoringEvent event : MonitoringEvent.values()) {
            bits |= event.mask();
        }
        return ofMask(bits);
    }

    /** The set whose bits are {@code bits} (see {@link MonitoringEvent#mask()}). */
    public static EventSet ofMask(int bits) {
        return bits == 0 ? NONE : new EventSet(bits);
    }

    /** The bit mask: bit {@link MonitoringEvent#index()} for each kind in the set. */
    public int mask() {
        return bits;
    }

    /** Whether {@code event} is in the set. */
    public boolean contains(MonitoringEvent event) {
        return (bits & event.mask()) != 0;
    }

    /** True when the set has no event. */
    public boolean isEmpty() {
        return bits == 0;
    }

    /** This set with {@code events} added. */
    public EventSet plus(MonitoringEvent... events) {
        return ofMask(bits | of(events).bits);
    }

    /** This set and {@code other}. */
    public EventSet plus(EventSet other) {
        return ofMask(bits | other.bits);
    }

    /** This set without {@code events}. */
    public EventSet minus(MonitoringEvent... events) {
        return ofMask(bits & ~of(events).bits);
    }

    /** The kinds in the set, by index. */
    public List<MonitoringEvent> events() {
        List<MonitoringEvent> list = new ArrayList<>(Integer.bitCount(bits));
        for (int rest = bits; rest != 0; rest &= rest - 1) {
            list.add(MonitoringEvent.ofIndex(Integer.numberOfTrailingZeros(rest)));
        }
        return list;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof EventSet other && other.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }

    @Override
    public String toString() {
        return events().toString();
    }
}
