package io.eventengine.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventengine.core.EventEngine;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The engine starts with the context, and closing the context delivers every message the engine accepted. */
class EngineLifecycleTest {
    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(EventEngineAutoConfigurationTest.ALL);

    static class Slow {
        final AtomicInteger handled = new AtomicInteger();

        @TopicListener("Work.Item")
        public void work(int n) throws InterruptedException {
            if (n % 100 == 0) {
                Thread.sleep(5); // keeps a backlog in the queue when the context closes
            }
            handled.incrementAndGet();
        }
    }

    @Test
    void closingTheContextDeliversEveryAcceptedMessageBeforeTheBeansGo() {
        runner.withPropertyValues("eventengine.capacity=8192")
                .withBean(Slow.class)
                .run(context -> {
                    EventEngine engine = context.getBean(EventEngine.class);
                    Slow slow = context.getBean(Slow.class);
                    for (int i = 0; i < 5_000; i++) {
                        engine.publish("Work.Item", i);
                    }
                    assertThat(engine.occupancy())
                            .as("a backlog is left for the close")
                            .isPositive();
                    context.close();
                    assertThat(engine.isClosed()).isTrue();
                    assertThat(slow.handled).hasValue(5_000);
                    assertThat(engine.stats().abandoned()).isZero();
                });
    }

    @Test
    void stoppingTheContextDrainsAndAStartResumes() {
        runner.withBean(Slow.class).run(context -> {
            EventEngine engine = context.getBean(EventEngine.class);
            Slow slow = context.getBean(Slow.class);
            for (int i = 1; i <= 300; i++) {
                engine.publish("Work.Item", i);
            }
            context.stop();
            assertThat(engine.isRunning()).isFalse();
            assertThat(engine.isClosed()).isFalse();
            assertThat(slow.handled).hasValue(300); // drained by the stop

            engine.publish("Work.Item", 301); // queued while stopped
            context.start();
            await().until(() -> slow.handled.get() == 301);
        });
    }

    @Test
    void withoutAutoStartupTheApplicationStartsTheEngine() {
        runner.withPropertyValues("eventengine.lifecycle.auto-startup=false")
                .withBean(Slow.class)
                .run(context -> {
                    EventEngine engine = context.getBean(EventEngine.class);
                    assertThat(engine.isRunning()).isFalse();
                    engine.publish("Work.Item", 1);
                    engine.start();
                    await().until(() -> context.getBean(Slow.class).handled.get() == 1);
                });
    }
}
