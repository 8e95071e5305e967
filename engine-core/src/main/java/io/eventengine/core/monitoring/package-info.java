/**
 * Monitoring, after CPython's {@code sys.monitoring}: an engine fires typed {@link
 * io.eventengine.core.monitoring.MonitoringEvent events} to the {@link io.eventengine.core.monitoring.MonitoringTool
 * tools} registered on its {@link io.eventengine.core.monitoring.EngineMonitoring}, globally or for one topic pattern,
 * and costs one read of an activation word where no tool listens.
 */
@NullMarked
package io.eventengine.core.monitoring;

import org.jspecify.annotations.NullMarked;
