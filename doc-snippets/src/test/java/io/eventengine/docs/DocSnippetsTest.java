package io.eventengine.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation honest: every {@code java} and {@code kotlin} block of README.md and docs/*.md is preceded by
 * a {@code <!-- snippet: id -->} marker and is, after trimming common indentation, the text of the region {@code //
 * snippet: id} ... {@code // end snippet} of a test in this module (or in engine-spring-boot-starter's tests, for the
 * Spring snippets), which runs it and asserts what the docs say.
 */
class DocSnippetsTest {
    static final int README_MAX_LINES = 300;

    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*snippet:\\s*([\\w.-]+)\\s*-->\\s*$");
    private static final Pattern REGION_START = Pattern.compile("^\\s*//\\s*snippet:\\s*([\\w.-]+)\\s*$");
    private static final Pattern REGION_END = Pattern.compile("^\\s*//\\s*end snippet\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([\\w+-]*).*$");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s#]+)(#[^)\\s]*)?\\)");
    private static final Set<String> CHECKED = Set.of("java", "kotlin");

    private final Path root = repositoryRoot();
    private final Path module = root.resolve("doc-snippets");

    @Test
    void everyJavaAndKotlinBlockIsATestedRegion() throws IOException {
        Map<String, Region> regions = regions();
        List<String> problems = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc);
            String name = root.relativize(doc).toString();
            String pendingMarker = null;
            int markerLine = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher marker = MARKER.matcher(line);
                if (marker.matches()) {
                    if (pendingMarker != null) {
                        problems.add(name + ":" + markerLine + ": marker '" + pendingMarker + "' is not followed by a java or kotlin block");
                    }
                    pendingMarker = marker.group(1);
                    markerLine = i + 1;
                    continue;
                }
                Matcher fence = FENCE.matcher(line);
                if (!fence.matches()) {
                    if (pendingMarker != null && !line.isBlank()) {
                        problems.add(name + ":" + markerLine + ": marker '" + pendingMarker + "' is not followed by a java or kotlin block");
                        pendingMarker = null;
                    }
                    continue;
                }
                String language = fence.group(1);
                int start = i + 1;
                int end = start;
                while (end < lines.size() && !FENCE.matcher(lines.get(end)).matches()) {
                    end++;
                }
                List<String> block = lines.subList(start, Math.min(end, lines.size()));
                int blockLine = i + 1;
                i = end; // the closing fence
                if (!CHECKED.contains(language)) {
                    if (pendingMarker != null) {
                        problems.add(name + ":" + markerLine + ": marker '" + pendingMarker + "' precedes a '" + language
                                + "' block; only java and kotlin blocks are snippets");
                        pendingMarker = null;
                    }
                    continue;
                }
                if (pendingMarker == null) {
                    problems.add(name + ":" + blockLine + ": ```" + language
                            + " block has no <!-- snippet: some-id --> marker line before it");
                    continue;
                }
                String id = pendingMarker;
                pendingMarker = null;
                Region region = regions.get(id);
                if (region == null) {
                    problems.add(name + ":" + blockLine + ": snippet '" + id + "' has no region '// snippet: " + id
                            + "' ... '// end snippet' in " + root.relativize(module.resolve("src")));
                    continue;
                }
                used.add(id);
                String expected = normalize(region.lines());
                String actual = normalize(block);
                if (!expected.equals(actual)) {
                    problems.add(name + ":" + blockLine + ": snippet '" + id + "' differs from its region in "
                            + region.where() + firstDifference(expected, actual));
                }
            }
            if (pendingMarker != null) {
                problems.add(name + ":" + markerLine + ": marker '" + pendingMarker + "' is not followed by a java or kotlin block");
            }
        }
        for (Map.Entry<String, Region> entry : regions.entrySet()) {
            if (!used.contains(entry.getKey())) {
                problems.add(entry.getValue().where() + ": region '" + entry.getKey() + "' is shown in no document");
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " documentation snippet problem(s):\n  " + String.join("\n  ", problems));
        }
    }

    @Test
    void readmeIsShort() throws IOException {
        int lines = Files.readAllLines(root.resolve("README.md")).size();
        assertTrue(
                lines <= README_MAX_LINES,
                "README.md has " + lines + " lines, over " + README_MAX_LINES
                        + ": move reference material to a page under docs/");
    }

    @Test
    void relativeLinksPointIntoTheRepository() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                Matcher link = LINK.matcher(lines.get(i));
                while (link.find()) {
                    String target = link.group(1);
                    if (target.matches("^[a-z]+:.*")) {
                        continue; // http(s), mailto
                    }
                    Path resolved = doc.getParent().resolve(target).normalize();
                    String where = root.relativize(doc) + ":" + (i + 1) + ": link '" + target + "'";
                    if (!resolved.startsWith(root)) {
                        problems.add(where + " points outside the repository");
                    } else if (!Files.exists(resolved)) {
                        problems.add(where + " points to a missing file");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    record Region(List<String> lines, String where) {}

    private Map<String, Region> regions() throws IOException {
        Map<String, Region> regions = new LinkedHashMap<>();
        List<Path> sources = new ArrayList<>();
        // The Spring Boot snippets run in the starter's own tests, which have Spring's test tools and JUnit 6.
        for (Path dir : List.of(module.resolve("src"), root.resolve("engine-spring-boot-starter/src/test"))) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".kt"))
                        .sorted()
                        .forEach(sources::add);
            }
        }
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                Matcher start = REGION_START.matcher(lines.get(i));
                if (!start.matches()) {
                    continue;
                }
                String id = start.group(1);
                String where = root.relativize(source) + ":" + (i + 1);
                int end = i + 1;
                while (end < lines.size() && !REGION_END.matcher(lines.get(end)).matches()) {
                    if (REGION_START.matcher(lines.get(end)).matches()) {
                        fail(where + ": region '" + id + "' has no '// end snippet' before the next region");
                    }
                    end++;
                }
                if (end == lines.size()) {
                    fail(where + ": region '" + id + "' has no '// end snippet'");
                }
                Region previous = regions.put(id, new Region(lines.subList(i + 1, end), where));
                if (previous != null) {
                    fail(where + ": region '" + id + "' is also at " + previous.where());
                }
                i = end;
            }
        }
        return regions;
    }

    private List<Path> docs() {
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** Drops blank lines at both ends and trailing spaces, and removes the indentation common to all lines. */
    static String normalize(List<String> lines) {
        int first = 0;
        int last = lines.size();
        while (first < last && lines.get(first).isBlank()) {
            first++;
        }
        while (last > first && lines.get(last - 1).isBlank()) {
            last--;
        }
        List<String> body = lines.subList(first, last);
        int indent = Integer.MAX_VALUE;
        for (String line : body) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String line : body) {
            out.append(line.isBlank() ? "" : line.substring(indent).stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i] : "<end>";
            String al = i < a.length ? a[i] : "<end>";
            if (!el.equals(al)) {
                return " (line " + (i + 1) + " of the block: the test has '" + el + "', the document '" + al + "')";
            }
        }
        return "";
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("doc-snippets")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Run from inside the repository: no README.md beside doc-snippets/ above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
