package io.eventengine.reactor;

import io.eventengine.core.Overflow;

/** The Reactive Streams TCK's publisher rules for {@code flux()} with {@link Overflow#BLOCK}. */
public class FluxBlockVerification extends AbstractFluxTck {
    public FluxBlockVerification() {
        super(Overflow.BLOCK);
    }
}
