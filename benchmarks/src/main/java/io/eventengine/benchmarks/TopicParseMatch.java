package io.eventengine.benchmarks;

import io.eventengine.core.Topic;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Topic parsing and matching, single-threaded.
 *
 * <ul>
 *   <li>{@code freshLiteral}: only building a never-seen literal ({@code "Market.Data.F" + n}): the baseline
 *       of {@code ofFresh};
 *   <li>{@code ofFresh}: {@code Topic.of} on that literal: intern-table miss, parse, intern (weakly);
 *   <li>{@code ofInterned}: {@code Topic.of} on a literal already interned (one {@code ConcurrentHashMap} lookup);
 *   <li>{@code matches}: {@code pattern.matches(Market.Data.AAPL)} for each kind of pattern, all matching but one:
 *       {@code exact} (the same interned topic), {@code exactOther} (a different exact topic of the same length: a
 *       miss), {@code name} ({@code Market.Data.{symbol}}), {@code range} ({@code Market.(Data|Quote).AAPL}), {@code
 *       regex} ({@code Market.Data./^[A-Z]{4}$/}, RE2/J) and {@code multi} ({@code Market.**}).
 * </ul>
 *
 * <p>{@code ofFresh} also pays, in GC time, for the intern table: its entries (weak refs, keys, nodes) stay strongly
 * held until their topic is collected, so a stream of never-repeated literals keeps promoting table entries.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class TopicParseMatch {
    static final String INTERNED = "Market.Data.AAPL";

    long counter;
    Topic held; // keeps the interned instance strongly reachable

    @Setup
    public void setUp() {
        held = Topic.of(INTERNED);
    }

    @Benchmark
    public String freshLiteral() {
        return "Market.Data.F" + counter++;
    }

    @Benchmark
    public Topic ofFresh() {
        return Topic.of("Market.Data.F" + counter++);
    }

    @Benchmark
    public Topic ofInterned() {
        return Topic.of(INTERNED);
    }

    @State(Scope.Thread)
    public static class Match {
        @Param({"exact", "exactOther", "name", "range", "regex", "multi"})
        public String kind;

        Topic pattern;
        Topic exact;

        @Setup
        public void setUp() {
            exact = Topic.of(INTERNED);
            pattern = Topic.of(
                    switch (kind) {
                        case "exact" -> INTERNED;
                        case "exactOther" -> "Market.Data.MSFT";
                        case "name" -> "Market.Data.{symbol}";
                        case "range" -> "Market.(Data|Quote).AAPL";
                        case "regex" -> "Market.Data./^[A-Z]{4}$/";
                        case "multi" -> "Market.**";
                        default -> throw new IllegalArgumentException(kind);
                    });
            boolean expected = !kind.equals("exactOther");
            if (pattern.matches(exact) != expected) {
                throw new IllegalStateException(pattern + ".matches(" + exact + ") should be " + expected);
            }
        }
    }

    @Benchmark
    public boolean matches(Match m) {
        return m.pattern.matches(m.exact);
    }
}
