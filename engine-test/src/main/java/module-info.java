/** Test support for code that uses the engine: {@code io.eventengine.test.ManualClock}. */
module io.eventengine.test {
    requires transitive io.eventengine.core;

    exports io.eventengine.test;
}
