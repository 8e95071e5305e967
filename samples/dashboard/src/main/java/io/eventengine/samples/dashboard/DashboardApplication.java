package io.eventengine.samples.dashboard;

import io.eventengine.core.EventEngine;
import io.eventengine.reactor.ReactorEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/**
 * A live topic dashboard: one in-process {@link EventEngine}, a simulated market feed publishing into it, and a WebFlux
 * API that streams any topic pattern to the browser over Server-Sent Events. Run it with {@code ./demo.sh} and open
 * http://localhost:8080/.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class DashboardApplication {
    private static final Logger log = LoggerFactory.getLogger(DashboardApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(DashboardApplication.class, args);
    }

    /** The engine, started unless {@code dashboard.engine.start=false}; closing it delivers what is pending. */
    @Bean(destroyMethod = "close")
    EventEngine eventEngine(
            @Value("${dashboard.engine.capacity:8192}") int capacity,
            @Value("${dashboard.engine.start:true}") boolean start) {
        EventEngine engine = EventEngine.builder()
                .capacity(capacity)
                .name("dashboard")
                .hookStats(true)
                .retain(MarketFeed.QUOTES) // a page that just opened shows every symbol's last quote at once
                .build();
        if (start) {
            engine.start();
        }
        return engine;
    }

    @Bean
    ReactorEngine reactorEngine(EventEngine engine) {
        return ReactorEngine.of(engine);
    }

    @Bean(destroyMethod = "close")
    MarketFeed marketFeed(
            EventEngine engine,
            @Value("${dashboard.feed.enabled:true}") boolean enabled,
            @Value("${dashboard.feed.period-ms:100}") long periodMillis) {
        return new MarketFeed(engine, enabled, periodMillis);
    }

    /**
     * The NATS mode (off unless {@code dashboard.nats.url} is set): export and import patterns through a bridge, so
     * the feed can run in one process and the dashboard in another (docs/samples.md, "Two processes over NATS").
     */
    @Bean(destroyMethod = "close")
    NatsLink natsLink(
            EventEngine engine,
            @Value("${dashboard.nats.url:}") String url,
            @Value("${dashboard.nats.export:}") String[] exports,
            @Value("${dashboard.nats.import:}") String[] imports) {
        return NatsLink.connect(engine, url, exports, imports);
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        String port = env.getProperty("local.server.port", "8080");
        log.info("EventEngine dashboard running at http://localhost:{}/ (Ctrl-C to stop)", port);
        System.out.println("\n  EventEngine dashboard: http://localhost:" + port + "/\n");
    }
}
