package io.eventengine.nats;

import io.eventengine.core.Topic;
import java.util.List;

/**
 * One import pattern, its server subscription, and the earlier routes of the same kind: a subject that an earlier
 * route also takes is left to that route, so overlapping import patterns deliver a message once.
 */
final class ImportRoute {
    final Topic pattern;
    final SubjectMapping.ServerSubject server;
    private final List<ImportRoute> earlier;

    ImportRoute(Topic pattern, SubjectMapping.ServerSubject server, List<ImportRoute> earlier) {
        this.pattern = pattern;
        this.server = server;
        this.earlier = List.copyOf(earlier);
    }

    /** Whether this route imports the message on {@code topic} (it arrived on this route's subscription). */
    boolean takes(Topic topic) {
        if (earlier.isEmpty() && !server.coarser()) {
            return true; // the server's subscription matched it, and it is exactly the pattern
        }
        if (!accepts(topic)) {
            return false;
        }
        for (ImportRoute route : earlier) {
            if (route.accepts(topic)) {
                return false;
            }
        }
        return true;
    }

    private boolean accepts(Topic topic) {
        return serverMatches(server.subject(), topic.value()) && (!server.coarser() || pattern.matches(topic));
    }

    /** NATS' own subject match: {@code *} one token, {@code >} one or more trailing tokens. */
    static boolean serverMatches(String filter, String subject) {
        String[] f = filter.split("\\.", -1);
        String[] s = subject.split("\\.", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals(">")) {
                return s.length > i;
            }
            if (i >= s.length || !(f[i].equals("*") || f[i].equals(s[i]))) {
                return false;
            }
        }
        return f.length == s.length;
    }
}
