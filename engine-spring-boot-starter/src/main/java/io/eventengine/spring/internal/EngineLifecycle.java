package io.eventengine.spring.internal;

import io.eventengine.core.EventEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Starts the engine with the application context and, when the context closes, closes it in this bean's phase: every
 * message the engine accepted is delivered (for at most its close timeout) before the beans it feeds are destroyed,
 * and streams over it complete. A context that is only stopped ({@code ConfigurableApplicationContext.stop()}) drains
 * the queue and stops the dispatcher, so a later start resumes.
 */
public final class EngineLifecycle implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {
    private static final Logger log = LoggerFactory.getLogger(EngineLifecycle.class);

    private final EventEngine engine;
    private final boolean autoStartup;
    private final int phase;
    // ContextClosedEvent comes before the lifecycle processor stops the beans (AbstractApplicationContext.doClose).
    private volatile boolean contextClosing;

    public EngineLifecycle(EventEngine engine, boolean autoStartup, int phase) {
        this.engine = engine;
        this.autoStartup = autoStartup;
        this.phase = phase;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        contextClosing = true;
    }

    @Override
    public void start() {
        if (!engine.isClosed()) {
            engine.start();
        }
    }

    @Override
    public void stop() {
        if (contextClosing) {
            engine.close();
            long abandoned = engine.stats().abandoned();
            if (abandoned > 0) {
                log.warn(
                        "Engine '{}' closed with {} accepted messages undelivered after its close timeout",
                        engine.name(),
                        abandoned);
            }
        } else {
            engine.stop(true, EventEngine.FOREVER);
        }
    }

    @Override
    public boolean isRunning() {
        return engine.isRunning();
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    /** The engine this life cycle drives. */
    public EventEngine engine() {
        return engine;
    }
}
