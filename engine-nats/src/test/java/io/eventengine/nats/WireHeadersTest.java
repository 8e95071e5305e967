package io.eventengine.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.MessageOrigin;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code EE-Id} header of docs/nats.md, "Wire format": what reads back, and what is refused. */
class WireHeadersTest {
    private static Headers id(String value) {
        return new Headers().put(WireHeaders.ID, value);
    }

    @Test
    void aRootReadsAsItsOriginAndSeqId() {
        assertEquals(new MessageOrigin("engine-a", 42), WireHeaders.originOf(id("engine-a/42/1764900000000")));
    }

    @Test
    void aChildReadsWithItsRemoteParent() {
        assertEquals(
                new MessageOrigin("engine-b", 7, "engine-a", 42),
                WireHeaders.originOf(id("engine-b/7/1764900000000/engine-a/42")));
    }

    @Test
    void aMessageWithoutTheHeaderIsFromAPlainPublisher() {
        assertNull(WireHeaders.originOf(null));
        assertNull(WireHeaders.originOf(new Headers().put("Other", "x")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "engine-a",
                "engine-a/42",
                "/42/1",
                "engine-a/x/1",
                "engine-a/42/",
                "engine-a/42/t",
                "engine-a/42/1/b",
                "engine-a/42/1/b/",
                "engine-a/42/1//3",
                "engine-a/42/1/b/x",
                "engine-a/42/1/b/3/4",
                "engine-a//1"
            })
    void aMalformedHeaderIsRefusedNamingTheExpectedShape(String value) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> WireHeaders.originOf(id(value)));
        assertTrue(e.getMessage().contains("origin/seq/timestamp[/parentOrigin/parentSeq]"), e.getMessage());
    }
}
