package io.eventengine.spring.internal;

import io.eventengine.core.EngineStats;
import io.eventengine.core.EventEngine;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** UP while the engine's dispatcher runs; DOWN when it is stopped or closed. Details from {@link EngineStats}. */
public final class EngineHealthIndicator extends AbstractHealthIndicator {
    private final EventEngine engine;

    public EngineHealthIndicator(EventEngine engine) {
        super("EventEngine health check failed");
        this.engine = engine;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        EngineStats stats = engine.stats();
        if (engine.isClosed()) {
            builder.down().withDetail("state", "closed");
        } else if (engine.isRunning()) {
            builder.up().withDetail("state", "running");
        } else {
            builder.down().withDetail("state", "stopped: the dispatcher is not running, messages queue up");
        }
        builder.withDetail("name", engine.name())
                .withDetail("occupancy", stats.occupancy())
                .withDetail("capacity", stats.capacity())
                .withDetail("published", stats.published())
                .withDetail("rejectedPuts", stats.rejectedPuts())
                .withDetail("handlerFailures", stats.handlerFailures())
                .withDetail("subscriberDrops", stats.subscriberDrops())
                .withDetail("handlerStalls", stats.handlerStalls());
    }
}
