/** Micrometer metrics and observations for an engine, as tools on its monitoring API. */
@NullMarked
package io.eventengine.micrometer;

import org.jspecify.annotations.NullMarked;
