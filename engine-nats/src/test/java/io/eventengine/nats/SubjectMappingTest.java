package io.eventengine.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eventengine.core.Topic;
import org.junit.jupiter.api.Test;

/** Patterns to server subscriptions, and the checks that keep NATS from silently dropping a subject. */
class SubjectMappingTest {
    private final SubjectMapping ascii = new SubjectMapping(false);

    private SubjectMapping.ServerSubject server(String pattern) {
        return ascii.serverSubjectOf(Topic.of(pattern));
    }

    @Test
    void patternsGoToTheServerAsFarAsNatsCanExpressThem() {
        assertEquals(new SubjectMapping.ServerSubject("Market.Data.IBM", false), server("Market.Data.IBM"));
        assertEquals(new SubjectMapping.ServerSubject("Market.*.IBM", false), server("Market.{kind}.IBM"));
        assertEquals(new SubjectMapping.ServerSubject("Market.*.IBM", false), server("Market.+kind.IBM"));
        assertEquals(new SubjectMapping.ServerSubject("Market.*", false), server("Market.*"));
        assertEquals(new SubjectMapping.ServerSubject("Market.>", false), server("Market.**"));
        assertEquals(new SubjectMapping.ServerSubject(">", false), server("**"));
    }

    @Test
    void whatNatsCannotExpressIsACoarserSubscriptionFilteredLocally() {
        assertEquals(new SubjectMapping.ServerSubject("Market.*.IBM", true), server("Market.(Data|Trade).IBM"));
        assertEquals(new SubjectMapping.ServerSubject("Market.Data.*", true), server("Market.Data./^6/"));
        assertEquals(new SubjectMapping.ServerSubject("Audit.>", true), server("Audit.**.Error"));
        assertEquals(new SubjectMapping.ServerSubject(">", true), server("**.Error"));
    }

    @Test
    void theServersMatchIsNatsOwn() {
        assertTrue(ImportRoute.serverMatches("a.*.c", "a.b.c"));
        assertFalse(ImportRoute.serverMatches("a.*.c", "a.b.c.d"));
        assertTrue(ImportRoute.serverMatches("a.>", "a.b.c"));
        assertFalse(ImportRoute.serverMatches("a.>", "a"));
        assertTrue(ImportRoute.serverMatches(">", "x"));
        assertFalse(ImportRoute.serverMatches("a.b", "a.c"));
    }

    @Test
    void exactTopicsAreTheirLiteralAfterTheChecks() {
        assertEquals("Market.Data.600010", ascii.subjectOf(Topic.of("Market.Data.600010")));
        assertEquals("a.b.c", ascii.subjectOf(Topic.join("a", "b.c")), "parts holding '.' are NATS tokens");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ascii.subjectOf(Topic.join("a", "", "b")))
                .getMessage()
                .contains("empty part"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ascii.subjectOf(Topic.join("a", "b c")))
                .getMessage()
                .contains("whitespace"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ascii.subjectOf(Topic.join("a", ">")))
                .getMessage()
                .contains("NATS wildcard"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ascii.subjectOf(Topic.of("Märkte.DAX")))
                .getMessage()
                .contains("supportUTF8Subjects"));
        assertEquals("Märkte.DAX", new SubjectMapping(true).subjectOf(Topic.of("Märkte.DAX")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ascii.subjectOf(Topic.of("Market.*")))
                .getMessage()
                .contains("is a pattern"));
    }
}
