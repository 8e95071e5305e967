package io.eventengine.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eventengine.core.EventEngine;
import io.eventengine.core.MessagePayload;
import io.eventengine.core.Topic;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link TopicListener} methods: parameter binding, replies of every return kind, and the start-up errors. */
class TopicListenerTest {
    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(EventEngineAutoConfigurationTest.ALL);

    static class Quotes {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @TopicListener("Market.Data.{symbol}")
        public void quote(@TopicVariable("symbol") String symbol, @Kwarg("price") double price, MessagePayload m) {
            seen.add(symbol + "=" + price + "@" + m.topic());
        }
    }

    @Test
    void bindsTopicVariablesKwargsAndTheMessageConvertingTypes() {
        runner.withBean(Quotes.class).run(context -> {
            EventEngine engine = context.getBean(EventEngine.class);
            engine.publish("Market.Data.AAPL", List.of(), Map.of("price", 12)); // an int becomes the double
            engine.publish("Market.Data.MSFT", List.of(), Map.of("price", "3.5")); // and so does text
            Quotes quotes = context.getBean(Quotes.class);
            await().until(() -> quotes.seen.size() == 2);
            assertThat(quotes.seen).containsExactly("AAPL=12.0@Market.Data.AAPL", "MSFT=3.5@Market.Data.MSFT");
        });
    }

    static class Audits {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @TopicListener("Audit.{system}.**.{action}")
        public void audit(@TopicVariable("action") String action, @TopicVariable("system") String system) {
            seen.add(system + ":" + action);
        }
    }

    @Test
    void topicVariablesOnEitherSideOfADoubleStarAreTheMatchedParts() {
        runner.withBean(Audits.class).run(context -> {
            EventEngine engine = context.getBean(EventEngine.class);
            engine.publish("Audit.billing.eu.west.login");
            engine.publish(Topic.join("Audit", "crm", "a.b", "logout")); // a part with a dot in it stays one part
            Audits audits = context.getBean(Audits.class);
            await().until(() -> audits.seen.size() == 2);
            assertThat(audits.seen).containsExactly("billing:login", "crm:logout");
        });
    }

    static class Positional {
        final List<Object> seen = new CopyOnWriteArrayList<>();

        @TopicListener({"Orders.New", "Orders.Amended"})
        public void order(
                Topic topic,
                String id,
                int qty,
                @Arg(0) String again,
                @Kwarg(value = "note", required = false) Optional<String> note) {
            seen.add(List.of(topic.toString(), id, qty, again, note));
        }
    }

    @Test
    void unannotatedParametersTakeThePositionalArgumentsInOrderOnEveryPattern() {
        runner.withBean(Positional.class).run(context -> {
            EventEngine engine = context.getBean(EventEngine.class);
            engine.publish("Orders.New", "o-1", "7");
            engine.publish(Topic.of("Orders.Amended"), List.of("o-1", 9L), Map.of("note", "rush"));
            Positional listener = context.getBean(Positional.class);
            await().until(() -> listener.seen.size() == 2);
            assertThat(listener.seen)
                    .containsExactly(
                            List.of("Orders.New", "o-1", 7, "o-1", Optional.empty()),
                            List.of("Orders.Amended", "o-1", 9, "o-1", Optional.of("rush")));
        });
    }

    @Test
    void aMessageThatCannotBeBoundIsAHandlerFailureAndTheNextOneIsHandled() {
        runner.withBean(Quotes.class).run(context -> {
            EventEngine engine = context.getBean(EventEngine.class);
            engine.publish("Market.Data.AAPL", List.of(), Map.of("bid", 1.0)); // no price
            engine.publish("Market.Data.AAPL", List.of(), Map.of("price", "not a number"));
            engine.publish("Market.Data.AAPL", List.of(), Map.of("price", 2.0));
            Quotes quotes = context.getBean(Quotes.class);
            await().until(() -> quotes.seen.size() == 1);
            assertThat(quotes.seen).containsExactly("AAPL=2.0@Market.Data.AAPL");
            assertThat(engine.stats().handlerFailures()).isEqualTo(2);
        });
    }

    static class Replies {
        @TopicListener(value = "Orders.{id}", replyTo = "Acks.{id}")
        public String ack(@TopicVariable("id") String id) {
            return "ack " + id;
        }

        @TopicListener(value = "Prices.{symbol}", replyTo = "Doubled.{symbol}")
        public Mono<Double> doubled(double price) {
            return Mono.just(price * 2);
        }

        @TopicListener(value = "Splits.Request", replyTo = "Splits.Part")
        public Flux<String> split(String text) {
            return Flux.fromArray(text.split(" "));
        }

        @TopicListener(value = "Lookups.Request", replyTo = "Lookups.Answer")
        public CompletionStage<Integer> lookup(String key) {
            return CompletableFuture.supplyAsync(key::length);
        }

        @TopicListener(value = "Nothing.Request", replyTo = "Nothing.Answer")
        public Object nothing() {
            return null;
        }
    }

    @Test
    void returnValuesArePublishedOnTheReplyTopicFilledFromTheCaptures() {
        runner.withBean(Replies.class).run(context -> {
            EventEngine engine = context.getBean(EventEngine.class);
            List<MessagePayload> replies = new CopyOnWriteArrayList<>();
            for (String pattern : List.of("Acks.*", "Doubled.*", "Splits.Part", "Lookups.Answer", "Nothing.Answer")) {
                engine.register(pattern, replies::add);
            }
            engine.publish("Orders.o-7");
            await().until(() -> replies.size() == 1);
            MessagePayload ack = replies.get(0);
            assertThat(ack.topic()).isEqualTo(Topic.of("Acks.o-7"));
            assertThat(ack.args()).containsExactly("ack o-7");
            assertThat(ack.parentSeqId())
                    .as("a reply made on the dispatcher carries its cause")
                    .isNotNegative();

            engine.publish("Prices.AAPL", 21.0);
            engine.publish("Splits.Request", "a b c");
            engine.publish("Lookups.Request", "four");
            engine.publish("Nothing.Request");
            await().until(() -> replies.size() == 6);
            assertThat(replies.subList(1, 6))
                    .extracting(m -> m.topic() + "=" + m.args())
                    .contains("Doubled.AAPL=[42.0]", "Lookups.Answer=[4]")
                    .containsSubsequence("Splits.Part=[a]", "Splits.Part=[b]", "Splits.Part=[c]")
                    .noneMatch(s -> s.startsWith("Nothing"));
        });
    }

    static class BadPattern {
        @TopicListener("Market./(/")
        public void on() {}
    }

    static class UncapturedVariable {
        @TopicListener("Market.Data.*")
        public void on(@TopicVariable("symbol") String symbol) {}
    }

    static class TwoBindings {
        @TopicListener("Market.Data.{symbol}")
        public void on(@TopicVariable("symbol") @Kwarg("symbol") String symbol) {}
    }

    static class UnconvertibleVariable {
        @TopicListener("Market.Data.{symbol}")
        public void on(@TopicVariable("symbol") java.util.concurrent.locks.ReentrantLock symbol) {}
    }

    static class WildReply {
        @TopicListener(value = "Market.Data.{symbol}", replyTo = "Signals.**")
        public String on() {
            return "";
        }
    }

    static class UncapturedReply {
        @TopicListener(
                value = {"Market.Data.{symbol}", "Market.Trade"},
                replyTo = "Signals.{symbol}")
        public String on() {
            return "";
        }
    }

    static class NoPattern {
        @TopicListener({})
        public void on() {}
    }

    @Test
    void aListenerThatCannotWorkFailsTheStartNamingTheBeanMethodAndProblem() {
        assertStartFails(BadPattern.class, "badPattern.on(..)", "pattern 'Market./(/' is invalid");
        assertStartFails(
                UncapturedVariable.class,
                "parameter 0 (String)",
                "@TopicVariable(\"symbol\") names no" + " wildcard of pattern 'Market.Data.*'");
        assertStartFails(TwoBindings.class, "twoBindings.on(..)", "more than one of @TopicVariable, @Kwarg and @Arg");
        assertStartFails(UnconvertibleVariable.class, "unconvertibleVariable.on(..)", "cannot make a");
        assertStartFails(WildReply.class, "replyTo 'Signals.**' must be an exact topic", "Signals.**");
        assertStartFails(UncapturedReply.class, "uses {symbol}", "pattern 'Market.Trade' does not capture");
        assertStartFails(NoPattern.class, "noPattern.on(..) names no topic pattern", "@TopicListener(");
    }

    private void assertStartFails(Class<?> listener, String... fragments) {
        String name = Character.toLowerCase(listener.getSimpleName().charAt(0))
                + listener.getSimpleName().substring(1);
        runner.withBean(name, listener).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            assertThat(failure).hasStackTraceContaining(name);
            for (String fragment : fragments) {
                assertThat(failure).hasStackTraceContaining(fragment);
            }
        });
    }
}
