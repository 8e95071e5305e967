/**
 * Spring Boot auto-configuration for EventEngine: {@link io.eventengine.spring.TopicListener} and its parameter
 * annotations, and the {@code eventengine.*} auto-configuration in {@code io.eventengine.spring.autoconfigure}.
 */
module io.eventengine.spring {
    requires transitive io.eventengine.core;
    requires transitive spring.boot.autoconfigure;
    requires transitive spring.boot;
    requires transitive spring.context;
    requires spring.beans;
    requires spring.core;
    requires spring.aop;
    requires org.slf4j;
    requires static org.jspecify;
    requires static io.eventengine.reactor;
    requires static io.eventengine.micrometer;
    requires static spring.boot.health;
    requires static reactor.core;
    requires static org.reactivestreams;
    requires static micrometer.core;
    requires static micrometer.observation;

    exports io.eventengine.spring;
    exports io.eventengine.spring.autoconfigure;
    // Spring instantiates the configurations and reads the annotations reflectively.
    opens io.eventengine.spring.autoconfigure to
            spring.core,
            spring.beans,
            spring.context;
    opens io.eventengine.spring.internal to
            spring.core,
            spring.beans,
            spring.context;
}
