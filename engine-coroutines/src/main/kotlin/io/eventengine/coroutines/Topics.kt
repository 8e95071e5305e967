package io.eventengine.coroutines

import io.eventengine.core.Topic

/**
 * Fills the named wildcards given as pairs: `Topic.of("Market.Data.{symbol}").format("symbol" to
 * "AAPL")` is `Market.Data.AAPL`. Wildcards not named stay; see `Topic.format(Map)`.
 */
public fun Topic.format(vararg values: Pair<String, Any?>): Topic = format(mapOf(*values))

/**
 * Like [format], but every named wildcard must be filled, so the result is exact (ready to publish
 * to).
 *
 * @throws IllegalArgumentException naming the first wildcard without a value
 */
public fun Topic.formatStrict(vararg values: Pair<String, Any?>): Topic =
    formatStrict(mapOf(*values))

/**
 * What this pattern's named wildcards capture in [topic], as a map: for `Market.Data.{symbol}` and
 * `Market.Data.AAPL`, `{symbol=AAPL}`; empty when they do not match.
 */
public fun Topic.capturesOf(topic: Topic): Map<String, String> = match(topic).captures()

/** This string parsed as a topic ([Topic.of]). */
public fun String.toTopic(): Topic = Topic.of(this)
