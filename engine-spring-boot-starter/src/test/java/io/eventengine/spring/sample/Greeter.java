package io.eventengine.spring.sample;

import io.eventengine.spring.TopicListener;
import io.eventengine.spring.TopicVariable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** The one listener method of {@link GreeterApplication}. */
@Component
class Greeter {
    final List<String> greeted = new CopyOnWriteArrayList<>();

    @TopicListener("Greetings.{name}")
    public void greet(@TopicVariable("name") String name) {
        greeted.add(name);
    }
}
