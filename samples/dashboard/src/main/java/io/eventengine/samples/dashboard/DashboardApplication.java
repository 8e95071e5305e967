package io.eventengine.samples.dashboard;

import io.eventengine.core.EventEngine;
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
 * A live topic dashboard: the {@link EventEngine} of engine-spring-boot-starter (configured by the {@code eventengine.*}
 * properties in application.properties, started and drained by the starter), a simulated market feed publishing into
 * it, {@link PriceHistory} (a {@code @TopicListener}), and a WebFlux API that streams any topic pattern to the browser
 * over Server-Sent Events, with live charts. Run it with {@code ./demo.sh} and open http://localhost:8080/.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class DashboardApplication {
    private static final Logger log = LoggerFactory.getLogger(DashboardApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(DashboardApplication.class, args);
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
        String address = env.getProperty("server.address", "0.0.0.0");
        // The address it really listens on: loopback unless server.address opened it.
        String host = address.equals("127.0.0.1") || address.equals("::1") ? "localhost" : address;
        log.info("EventEngine dashboard running at http://{}:{}/ (Ctrl-C to stop)", host, port);
        System.out.println("\n  EventEngine dashboard: http://" + host + ":" + port + "/"
                + (host.equals("localhost") ? " (loopback only; server.address opens it)" : "") + "\n");
    }
}
