/**
 * Test support for code that uses the engine: {@link io.eventengine.test.ManualClock} runs the engine's timers in
 * virtual time, {@link io.eventengine.test.SynchronousEngine} delivers on the test's thread, and {@link
 * io.eventengine.test.MessageRecorder} keeps what a handler received for assertions.
 */
@NullMarked
package io.eventengine.test;

import org.jspecify.annotations.NullMarked;
