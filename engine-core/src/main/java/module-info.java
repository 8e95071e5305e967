/**
 * PROVISIONAL (build-infra branch): lets modules that {@code requires io.eventengine.core} compile until the
 * engine-core API rewrite brings its own module descriptor, which replaces this file.
 */
module io.eventengine.core {
    requires transitive org.jspecify;
    requires org.jctools.core;
    requires re2j; // RE2/J 1.8 has no Automatic-Module-Name: this is the name derived from re2j-1.8.jar
    requires org.slf4j;
    requires jdk.jfr;

    exports io.eventengine.core;
    exports io.eventengine.core.internal to
            io.eventengine.eventlog,
            io.eventengine.reactor,
            io.eventengine.coroutines;
}
