package io.eventengine.spring.sample;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application with nothing but the starter and {@link Greeter} (top level: Boot's test filter skips test-nested). */
@SpringBootApplication(proxyBeanMethods = false)
class GreeterApplication {}
