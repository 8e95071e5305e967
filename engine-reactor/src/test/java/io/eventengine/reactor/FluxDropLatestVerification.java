package io.eventengine.reactor;

import io.eventengine.core.Overflow;

/**
 * The Reactive Streams TCK's publisher rules for {@code flux()} with {@link Overflow#DROP_LATEST}. The TCK never fills
 * the buffer (see {@link AbstractFluxTck#MAX_ELEMENTS}), so no rule meets a drop and all of them apply unchanged.
 */
public class FluxDropLatestVerification extends AbstractFluxTck {
    public FluxDropLatestVerification() {
        super(Overflow.DROP_LATEST);
    }
}
