package io.eventengine.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.micrometer.EngineMetrics;
import io.eventengine.reactor.ReactorEngine;
import io.eventengine.spring.autoconfigure.EventEngineAutoConfiguration;
import io.eventengine.spring.autoconfigure.EventEngineBuilderCustomizer;
import io.eventengine.spring.autoconfigure.EventEngineHealthAutoConfiguration;
import io.eventengine.spring.autoconfigure.EventEngineMetricsAutoConfiguration;
import io.eventengine.spring.autoconfigure.EventEngineObservations;
import io.eventengine.spring.autoconfigure.EventEngineReactorAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration's beans, properties, back-off and class-path conditions. */
class EventEngineAutoConfigurationTest {
    static final AutoConfigurations ALL = AutoConfigurations.of(
            EventEngineAutoConfiguration.class,
            EventEngineReactorAutoConfiguration.class,
            EventEngineMetricsAutoConfiguration.class,
            EventEngineHealthAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(ALL);

    @Test
    void defaultsGiveARunningEngineWithEveryOptionalPart() {
        runner.withPropertyValues("spring.application.name=orders").run(context -> {
            assertThat(context).hasNotFailed();
            EventEngine engine = context.getBean(EventEngine.class);
            assertThat(engine.isRunning()).isTrue();
            assertThat(engine.name()).isEqualTo("orders");
            assertThat(engine.capacity()).isEqualTo(EventEngine.create().capacity());
            assertThat(context.getBean(ReactorEngine.class).engine()).isSameAs(engine);
            assertThat(context).hasSingleBean(EngineMetrics.class);
            assertThat(context).hasBean("eventEngineHealthIndicator");
            // no ObservationRegistry bean: the observations are an inactive placeholder
            assertThat(context.getBean(EventEngineObservations.class).observations())
                    .isEmpty();
        });
    }

    @Test
    void propertiesConfigureTheEngine() {
        runner.withPropertyValues(
                        "eventengine.name=props",
                        "eventengine.capacity=100",
                        "eventengine.idle-strategy=parking",
                        "eventengine.hook-stats=true",
                        "eventengine.publish-timeout=0",
                        "eventengine.retain=Quotes.{symbol}",
                        "eventengine.lifecycle.auto-startup=false")
                .run(context -> {
                    EventEngine engine = context.getBean(EventEngine.class);
                    assertThat(engine.name()).isEqualTo("props");
                    assertThat(engine.capacity()).isEqualTo(128); // rounded up to a power of two
                    assertThat(engine.publishOptions().timeout()).isEqualTo(Duration.ZERO);
                    assertThat(engine.isRunning()).isFalse();

                    List<MessagePayload> seen = new CopyOnWriteArrayList<>();
                    engine.register("Quotes.**", seen::add);
                    engine.register("Trades.**", seen::add);
                    engine.start();
                    engine.publish("Quotes.AAPL", 1.5);
                    engine.publish("Trades.AAPL", 2.5);
                    await().until(() -> seen.size() == 2);
                    assertThat(engine.retained("Quotes.AAPL"))
                            .extracting(MessagePayload::args)
                            .containsExactly(List.of(1.5));
                    assertThat(engine.retained("Trades.AAPL")).isEmpty();
                    assertThat(engine.stats().hooks())
                            .allSatisfy(h -> assertThat(h.triggers()).isEqualTo(1));
                });
    }

    @Test
    void aBadPropertyFailsTheStartNamingIt() {
        runner.withPropertyValues("eventengine.capacity=1")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("capacity"));
        runner.withPropertyValues("eventengine.idle-strategy=sleepy")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("Failed to bind properties under 'eventengine.idle-strategy'"));
        runner.withPropertyValues("eventengine.retain=Quotes./(/")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("Quotes./(/"));
    }

    @Test
    void customizersRunAfterTheProperties() {
        runner.withPropertyValues("eventengine.capacity=64")
                .withBean(EventEngineBuilderCustomizer.class, () -> b -> b.capacity(1024))
                .run(context -> assertThat(context.getBean(EventEngine.class).capacity())
                        .isEqualTo(1024));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEngine {
        @Bean
        EventEngine myEngine() {
            return EventEngine.builder().name("mine").capacity(16).build();
        }
    }

    @Test
    void anEngineBeanOfTheApplicationReplacesTheStartersAndIsStillStartedAndAdapted() {
        runner.withUserConfiguration(OwnEngine.class).run(context -> {
            assertThat(context).hasSingleBean(EventEngine.class);
            EventEngine engine = context.getBean(EventEngine.class);
            assertThat(engine.name()).isEqualTo("mine");
            assertThat(engine.isRunning()).isTrue();
            assertThat(context.getBean(ReactorEngine.class).engine()).isSameAs(engine);
        });
    }

    @Test
    void ownAdapterAndMetricsBeansWin() {
        runner.withBean("myRx", ReactorEngine.class, () -> ReactorEngine.of(EventEngine.create()))
                .withBean("myMetrics", EngineMetrics.class, () -> new EngineMetrics(EventEngine.create()))
                .run(context -> {
                    assertThat(context).hasSingleBean(ReactorEngine.class).hasBean("myRx");
                    assertThat(context).hasSingleBean(EngineMetrics.class).hasBean("myMetrics");
                });
    }

    @Test
    void optionalPartsBackOffWithoutTheirLibraries() {
        runner.withClassLoader(new FilteredClassLoader(ReactorEngine.class, EngineMetrics.class, HealthIndicator.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(EventEngine.class);
                    assertThat(context).doesNotHaveBean(ReactorEngine.class);
                    assertThat(context).doesNotHaveBean(EngineMetrics.class);
                    assertThat(context).doesNotHaveBean("eventEngineHealthIndicator");
                });
        runner.withPropertyValues("eventengine.metrics.enabled=false", "management.health.eventengine.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(EngineMetrics.class);
                    assertThat(context).doesNotHaveBean("eventEngineHealthIndicator");
                });
    }

    @Test
    void theMetricsBinderCountsWhatTheEnginePublishes() {
        runner.run(context -> {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(EngineMetrics.class).bindTo(registry); // Boot's MeterRegistryPostProcessor does this
            EventEngine engine = context.getBean(EventEngine.class);
            List<MessagePayload> seen = new CopyOnWriteArrayList<>();
            engine.register("A.b", seen::add);
            for (int i = 0; i < 5; i++) {
                engine.publish("A.b", i);
            }
            await().until(() -> seen.size() == 5);
            assertThat(registry.get("eventengine.published").functionCounter().count())
                    .isEqualTo(5.0);
        });
    }

    @Test
    void withAnObservationRegistryHandlerCallsAreObserved() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        runner.withBean(TestObservationRegistry.class, () -> observations)
                .withUserConfiguration(TopicListenerTest.Quotes.class)
                .run(context -> {
                    assertThat(context.getBean(EventEngineObservations.class).observations())
                            .isPresent();
                    context.getBean(EventEngine.class)
                            .publish("Market.Data.AAPL", List.of(), java.util.Map.of("price", 1.0));
                    TopicListenerTest.Quotes quotes = context.getBean(TopicListenerTest.Quotes.class);
                    await().until(() -> quotes.seen.size() == 1);
                    await().untilAsserted(() -> TestObservationRegistryAssert.assertThat(observations)
                            .hasObservationWithNameEqualTo("eventengine.process")
                            .that()
                            .hasBeenStarted()
                            .hasBeenStopped());
                });
    }

    @Test
    void healthIsUpWhileTheDispatcherRunsAndDownWhenStoppedOrClosed() {
        runner.run(context -> {
            HealthIndicator health = context.getBean("eventEngineHealthIndicator", HealthIndicator.class);
            Health up = health.health(true);
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("state", "running").containsKeys("occupancy", "rejectedPuts");
            EventEngine engine = context.getBean(EventEngine.class);
            engine.stop();
            assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
            engine.close();
            assertThat(health.health(true).getDetails()).containsEntry("state", "closed");
        });
    }
}
