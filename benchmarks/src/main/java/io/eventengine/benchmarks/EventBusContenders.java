package io.eventengine.benchmarks;

import com.google.common.eventbus.AllowConcurrentEvents;
import com.google.common.eventbus.AsyncEventBus;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.greenrobot.eventbus.EventBus;
import org.greenrobot.eventbus.Subscribe;
import org.greenrobot.eventbus.ThreadMode;

/**
 * The two classic annotation-driven event buses, each given one daemon consumer thread: Guava's {@code AsyncEventBus}
 * over a single-thread executor, and greenrobot's EventBus ({@code eventbus-java}) with {@code ThreadMode.BACKGROUND}
 * subscribers, whose background poster runs on the same kind of executor. Both queue without bound, so {@code
 * publish} never waits; the completion protocol still makes every op an event handled.
 */
final class EventBusContenders {
    private EventBusContenders() {}

    static ExecutorService consumerThread(String name) {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Lets the consumer finish (greenrobot's poster polls its queue for up to 1 s before it returns). */
    static void shutdown(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Guava {@code AsyncEventBus}: one {@code executor.execute} per event and subscriber. */
    static final class Guava extends Contender {
        private final ExecutorService executor = consumerThread("guava-consumer");
        private final AsyncEventBus bus = new AsyncEventBus("bench", executor);

        Guava(int handlers) {
            super(handlers);
            for (int i = 0; i < handlers; i++) {
                bus.register(new GuavaSubscriber(handled));
            }
        }

        @Override
        public void publish(Object event) {
            bus.post(event);
        }

        @Override
        public void close() {
            shutdown(executor);
        }
    }

    /**
     * {@code @AllowConcurrentEvents} spares each call Guava's per-subscriber lock: with one consumer thread it would be
     * uncontended anyway, and the peer gets its fastest configuration.
     */
    public static final class GuavaSubscriber {
        private final HandledCounter handled;

        GuavaSubscriber(HandledCounter handled) {
            this.handled = handled;
        }

        @com.google.common.eventbus.Subscribe
        @AllowConcurrentEvents
        public void on(Long event) {
            handled.onEvent(event);
        }
    }

    /**
     * greenrobot EventBus: {@code BACKGROUND} subscribers. Without Android's main-thread support every thread counts as
     * "main", so each post is queued for the background poster, as on an Android UI thread.
     */
    static final class Greenrobot extends Contender {
        private final ExecutorService executor = consumerThread("greenrobot-consumer");
        private final EventBus bus = EventBus.builder()
                .executorService(executor)
                .logNoSubscriberMessages(false)
                .sendNoSubscriberEvent(false)
                .build();

        Greenrobot(int handlers) {
            super(handlers);
            for (int i = 0; i < handlers; i++) {
                bus.register(new GreenrobotSubscriber(handled));
            }
        }

        @Override
        public void publish(Object event) {
            bus.post(event);
        }

        @Override
        public void close() {
            shutdown(executor);
        }
    }

    public static final class GreenrobotSubscriber {
        private final HandledCounter handled;

        GreenrobotSubscriber(HandledCounter handled) {
            this.handled = handled;
        }

        @Subscribe(threadMode = ThreadMode.BACKGROUND)
        public void on(Long event) {
            handled.onEvent(event);
        }
    }
}
