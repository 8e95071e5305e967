/** Test support for code that uses the engine: ManualClock, SynchronousEngine, MessageRecorder. */
module io.eventengine.test {
    requires transitive io.eventengine.core;

    exports io.eventengine.test;
}
