/** Test support: {@link io.eventengine.test.ManualClock} runs the engine's timers in virtual time. */
@NullMarked
package io.eventengine.test;

import org.jspecify.annotations.NullMarked;
