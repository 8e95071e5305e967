/**
 * Kotlin adapters of EventEngine: a {@code Flow} per topic pattern, the suspending {@code emit}, {@code
 * kotlin.time.Duration} overloads, ticker flows and a small DSL. Every public declaration is in {@code
 * io.eventengine.coroutines}; the core, the Kotlin standard library and kotlinx.coroutines are in its API, so they are
 * required transitively.
 */
module io.eventengine.coroutines {
    requires transitive io.eventengine.core;
    requires transitive kotlin.stdlib;
    requires transitive kotlinx.coroutines.core;
    requires org.jctools.core; // each collector's buffer

    exports io.eventengine.coroutines;
}
