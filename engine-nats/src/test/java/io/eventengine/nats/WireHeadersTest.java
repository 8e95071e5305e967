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

    @Test
    void onJetStreamTheIdentityIsTheBridgesMessageId() {
        Headers jetStream = new Headers().put(WireHeaders.MESSAGE_ID, "ee:engine-b/7/1764900000000/engine-a/42");
        assertEquals(new MessageOrigin("engine-b", 7, "engine-a", 42), WireHeaders.originOf(jetStream));
        Headers both = new Headers()
                .put(WireHeaders.MESSAGE_ID, "ee:engine-b/7/1764900000000")
                .put(WireHeaders.ID, "engine-c/9/1764900000000");
        assertEquals(new MessageOrigin("engine-c", 9), WireHeaders.originOf(both), "EE-Id wins");
    }

    @ParameterizedTest
    @ValueSource(strings = {"order-17", "engine-a/42/1764900000000", "EE:engine-a/42/1", ""})
    void aPlainPublishersOwnMessageIdIsNotReadAsAnIdentity(String id) {
        assertNull(WireHeaders.originOf(new Headers().put(WireHeaders.MESSAGE_ID, id)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"ee:", "ee:engine-a", "ee:engine-a/42", "ee:/42/1", "ee:engine-a/x/1", "ee:engine-a/42/1/b"})
    void aMalformedBridgeMessageIdIsRefused(String id) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> WireHeaders.originOf(new Headers().put(WireHeaders.MESSAGE_ID, id)));
        assertTrue(e.getMessage().contains("Nats-Msg-Id") && e.getMessage().contains("ee:origin/seq"), e.getMessage());
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
