package io.eventengine.spring.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventengine.core.EventEngine;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole promise of the starter: an application that adds it and one {@code @TopicListener} method receives
 * messages with no other code (auto-configuration found through {@code META-INF/spring/...imports}), and with actuator
 * on the class path its meters and health are there too.
 */
class NewApplicationTest {
    @Test
    void anAppWithOneListenerMethodReceivesMessages() {
        SpringApplication app = new SpringApplication(GreeterApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = app.run("--spring.main.banner-mode=off")) {
            EventEngine engine = context.getBean(EventEngine.class);
            engine.publish("Greetings.Ada");
            engine.publish("Greetings.Linus");
            Greeter greeter = context.getBean(Greeter.class);
            await().until(() -> greeter.greeted.size() == 2);
            assertThat(greeter.greeted).containsExactly("Ada", "Linus");

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            await().until(() -> meters.find("eventengine.dispatched").functionCounter() != null
                    && meters.get("eventengine.dispatched").functionCounter().count() == 2.0);
            assertThat(meters.get("eventengine.published").functionCounter().count())
                    .isEqualTo(2.0);
            HealthIndicator health = context.getBean("eventEngineHealthIndicator", HealthIndicator.class);
            assertThat(health.health(false).getStatus()).isEqualTo(Status.UP);
        }
    }
}
