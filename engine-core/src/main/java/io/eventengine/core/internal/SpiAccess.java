package io.eventengine.core.internal;

import io.eventengine.core.EventEngine;
import io.eventengine.core.spi.EngineSupport;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The bridge from {@link EngineSupport#of} to the engine's package-private parts (the JDK's shared-secrets pattern): the
 * engine installs the one accessor when its class initializes, which has happened by the time anyone holds an engine.
 */
public final class SpiAccess {
    private static volatile @Nullable Function<EventEngine, EngineSupport> accessor;

    private SpiAccess() {}

    /**
     * Called once, by {@link EventEngine}'s class initializer.
     *
     * @throws IllegalStateException on a second call
     */
    public static synchronized void install(Function<EventEngine, EngineSupport> engineSupport) {
        if (accessor != null) {
            throw new IllegalStateException("The engine support accessor is installed already");
        }
        accessor = engineSupport;
    }

    /** The support of {@code engine}. */
    public static EngineSupport supportOf(EventEngine engine) {
        Function<EventEngine, EngineSupport> a = accessor;
        if (a == null) {
            throw new IllegalStateException("EventEngine's class was not initialized"); // unreachable given an engine
        }
        return a.apply(engine);
    }
}
