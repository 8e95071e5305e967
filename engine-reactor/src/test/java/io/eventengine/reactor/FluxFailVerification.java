package io.eventengine.reactor;

import io.eventengine.core.Overflow;

/** The Reactive Streams TCK's publisher rules for {@code flux()} with {@link Overflow#FAIL}. */
public class FluxFailVerification extends AbstractFluxTck {
    public FluxFailVerification() {
        super(Overflow.FAIL);
    }
}
