package io.eventengine.reactor;

/** The Reactive Streams TCK's publisher rules for {@code flux()} with {@link Overflow#BLOCK}. */
public class FluxBlockVerification extends AbstractFluxTck {
    public FluxBlockVerification() {
        super(Overflow.BLOCK);
    }
}
