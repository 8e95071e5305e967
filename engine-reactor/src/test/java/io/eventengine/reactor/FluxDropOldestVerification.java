package io.eventengine.reactor;

import io.eventengine.core.Overflow;

/**
 * The Reactive Streams TCK's publisher rules for {@code flux()} with {@link Overflow#DROP_OLDEST}, whose buffer is a
 * multi-consumer queue (the dispatcher polls the oldest message out when it is full). The TCK never fills the buffer
 * (see {@link AbstractFluxTck#MAX_ELEMENTS}), so no rule meets a drop and all of them apply unchanged.
 */
public class FluxDropOldestVerification extends AbstractFluxTck {
    public FluxDropOldestVerification() {
        super(Overflow.DROP_OLDEST);
    }
}
