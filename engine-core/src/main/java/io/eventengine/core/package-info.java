/**
 * The engine core: {@link io.eventengine.core.Topic topics} with PyEventEngine's grammar, immutable {@link
 * io.eventengine.core.MessagePayload payloads}, ordered {@link io.eventengine.core.EventHook hooks}, and the {@link
 * io.eventengine.core.EventEngine engine} with its verb family ({@link io.eventengine.core.EventPublisher}: {@code
 * publish}, {@code tryPublish}, {@code put}) and one timeout rule ({@link java.time.Duration#ZERO} never waits, {@link
 * io.eventengine.core.EventEngine#FOREVER} waits for ever).
 *
 * <p>Everything here is null-marked: a parameter or return value may be null only where it says {@code @Nullable}.
 * Adapters find what they need beyond the user API in {@code io.eventengine.core.spi}.
 */
@NullMarked
package io.eventengine.core;

import org.jspecify.annotations.NullMarked;
