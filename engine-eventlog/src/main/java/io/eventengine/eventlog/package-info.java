/**
 * Event sourcing on top of the engine, with Eventure's formats: {@link io.eventengine.eventlog.Event immutable events}
 * with ticks and causal parent links, an {@link io.eventengine.eventlog.EventLog event log} that persists as JSON Lines
 * (crash-safe appends, torn-line recovery), an {@link io.eventengine.eventlog.EventBus event bus} with Eventure's
 * wildcard subscriptions, an {@link io.eventengine.eventlog.EventRecorder recorder} that logs what flows through an
 * {@link io.eventengine.core.EventEngine}, and {@link io.eventengine.eventlog.EventQuery queries} that print cascades.
 * {@link io.eventengine.eventlog.RecordLimits} bound one record for writing and reading alike, and an {@link
 * io.eventengine.eventlog.EventLogReader} streams files larger than the heap.
 *
 * <p>Everything here is null-marked: a parameter or return value may be null only where it says {@code @Nullable}.
 * Package-private classes are implementation details.
 */
@NullMarked
package io.eventengine.eventlog;

import org.jspecify.annotations.NullMarked;
