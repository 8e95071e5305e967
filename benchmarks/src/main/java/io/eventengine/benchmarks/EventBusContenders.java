package io.eventengine.benchmarks;

import com.google.common.eventbus.AllowConcurrentEvents;
import com.google.common.eventbus.AsyncEventBus;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
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

    /**
     * A bus whose subscribers run on one single-thread executor: {@code register} takes one subscriber per handler,
     * {@code post} publishes an event.
     */
    private static final class ExecutorBus extends Contender {
        private final ExecutorService executor;
        private final Consumer<Object> post;

        ExecutorBus(
                int handlers,
                ExecutorService executor,
                Consumer<Object> register,
                Function<HandledCounter, Object> subscriber,
                Consumer<Object> post) {
            super(handlers);
            this.executor = executor;
            this.post = post;
            for (int i = 0; i < handlers; i++) {
                register.accept(subscriber.apply(handled));
            }
        }

        @Override
        public void publish(Object event) {
            post.accept(event);
        }

        @Override
        public void close() {
            shutdown(executor);
        }
    }

    /** Guava {@code AsyncEventBus}: one {@code executor.execute} per event and subscriber. */
    static Contender guava(int handlers) {
        ExecutorService executor = consumerThread("guava-consumer");
        AsyncEventBus bus = new AsyncEventBus("bench", executor);
        return new ExecutorBus(handlers, executor, bus::register, GuavaSubscriber::new, bus::post);
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
    static Contender greenrobot(int handlers) {
        ExecutorService executor = consumerThread("greenrobot-consumer");
        EventBus bus = EventBus.builder()
                .executorService(executor)
                .logNoSubscriberMessages(false)
                .sendNoSubscriberEvent(false)
                .build();
        return new ExecutorBus(handlers, executor, bus::register, GreenrobotSubscriber::new, bus::post);
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
