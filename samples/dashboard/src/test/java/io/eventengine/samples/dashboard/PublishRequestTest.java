package io.eventengine.samples.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventengine.core.Topic;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The publish body parser on its own: what it accepts, what it makes of it, and what it refuses with which words. */
class PublishRequestTest {
    private static PublishRequest parse(String body) {
        return PublishRequest.parse("Orders.New", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(String body, String... fragments) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(BadPublishRequestException.class)
                .message()
                .contains(fragments);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \r\n\t", "null", "{}", "{\"args\": null, \"kwargs\": null}"})
    void anEmptyBodyPublishesNoArguments(String body) {
        PublishRequest request = parse(body);
        assertThat(request.topic()).isSameAs(Topic.of("Orders.New"));
        assertThat(request.args()).isEmpty();
        assertThat(request.kwargs()).isEmpty();
    }

    @Test
    void argsAndKwargsKeepTheirJsonValuesAndOrder() {
        PublishRequest request = parse("{\"kwargs\": {\"z\": 1, \"a\": null, \"m\": [true, {\"k\": \"v\"}]},"
                + " \"args\": [1, 5000000000, 123456789012345678901234567890, 1.5, -0.0, \"two\", null, false]}");
        assertThat(request.args())
                .containsExactly(
                        1,
                        5_000_000_000L,
                        new BigInteger("123456789012345678901234567890"),
                        1.5,
                        -0.0,
                        "two",
                        null,
                        false);
        Map<String, Object> kwargs = new LinkedHashMap<>(); // Map.of and Map.entry refuse the null value
        kwargs.put("z", 1);
        kwargs.put("a", null);
        kwargs.put("m", Arrays.asList(true, Map.of("k", "v")));
        assertThat(request.kwargs()).containsExactlyEntriesOf(kwargs);
    }

    @Test
    @SuppressWarnings("unchecked")
    void whatItReturnsCannotBeChanged() {
        PublishRequest request = parse("{\"args\": [[1]], \"kwargs\": {\"m\": {\"k\": [2]}}}");
        assertThatThrownBy(() -> request.args().add(3)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) request.args().get(0)).add(3))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> request.kwargs().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        Map<String, Object> m = (Map<String, Object>) request.kwargs().get("m");
        assertThatThrownBy(() -> m.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) m.get("k")).add(3)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void malformedJsonNamesTheProblemAndWhere() {
        refused("{\"args\": [1,", "Bad JSON body", "line 1", "send a JSON object");
        refused("{args: [1]}", "Bad JSON body", "line 1, column 2");
        refused("{\"args\": [NaN]}", "Bad JSON body");
        refused("{\"args\": []} trailing", "Bad JSON body", "trailing");
    }

    @Test
    void invalidUtf8IsABadBody() {
        byte[] body = {'{', '"', 'a', 'r', 'g', 's', '"', ':', '[', '"', (byte) 0xC3, '"', ']', '}'};
        assertThatThrownBy(() -> PublishRequest.parse("Orders.New", body))
                .isInstanceOf(BadPublishRequestException.class)
                .hasMessageContaining("Bad JSON body");
    }

    @Test
    void theShapeIsChecked() {
        refused("[1]", "The body must be a JSON object", "not a JSON array");
        refused("\"text\"", "not a JSON string");
        refused("42", "not a JSON number");
        refused("true", "not a JSON boolean");
        refused("{\"args\": 1}", "\"args\" must be a JSON array", "not a JSON number");
        refused("{\"kwargs\": \"x\"}", "\"kwargs\" must be a JSON object", "not a JSON string");
        refused("{\"kwarg\": {}}", "Unknown field \"kwarg\"", "only \"args\" and \"kwargs\"");
        refused("{\"args\": [], \"args\": [1]}", "Duplicate", "args");
        refused("{\"kwargs\": {\"a\": 1, \"a\": 2}}", "Duplicate", "a");
    }

    @Test
    void aNumberBeyondADoubleIsRefusedWithItsPath() {
        refused("{\"kwargs\": {\"quote\": {\"price\": 1e400}}}", "kwargs.quote.price", "send it as a string");
        refused("{\"args\": [0, [-1e400]]}", "args[1][0]");
    }

    @Test
    void theTopicMustBeAValidExactTopic() {
        assertThatThrownBy(() -> PublishRequest.parse("Orders./(/", new byte[0]))
                .isInstanceOf(BadPublishRequestException.class)
                .hasMessageContaining("Orders./(/");
        assertThatThrownBy(() -> PublishRequest.parse("Orders.{side}", new byte[0]))
                .isInstanceOf(BadPublishRequestException.class)
                .hasMessageContaining("pattern 'Orders.{side}'")
                .hasMessageContaining("exact topic");
    }
}
