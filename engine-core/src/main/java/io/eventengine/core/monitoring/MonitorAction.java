package io.eventengine.core.monitoring;

/** What a {@link MonitoringTool} callback answers (CPython's {@code sys.monitoring.DISABLE}). */
public enum MonitorAction {
    /** Keep calling this tool for this event here. */
    CONTINUE,
    /**
     * Stop calling this tool for this event at the location where it fired (the message's topic; for handler events,
     * the hook), until {@link EngineMonitoring#restartEvents()}. Ignored for events without a location (the life
     * cycle, custom events fired without a topic).
     */
    DISABLE
}
