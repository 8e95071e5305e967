/**
 * The engine core: {@link io.eventengine.core.Topic topics} with PyEventEngine's grammar, immutable {@link
 * io.eventengine.core.MessagePayload payloads} and ordered {@link io.eventengine.core.EventHook hooks}.
 *
 * <p>Everything here is null-marked: a parameter or return value may be null only where it says {@code @Nullable}.
 * Classes under {@code io.eventengine.core.internal} are implementation details and may change without notice.
 */
@NullMarked
package io.eventengine.core;

import org.jspecify.annotations.NullMarked;
