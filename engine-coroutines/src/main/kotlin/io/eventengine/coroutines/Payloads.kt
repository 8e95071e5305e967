package io.eventengine.coroutines

import io.eventengine.core.MessagePayload
import io.eventengine.core.Topic
import kotlin.reflect.KType
import kotlin.reflect.typeOf

/**
 * The positional argument at [index] as a [T]: `msg.arg<Double>(0)`, or `msg.arg<Double?>(0)` when
 * it may be null. No conversion: an `Int` is not a `Double` (`getDouble` converts kwargs).
 *
 * @throws IndexOutOfBoundsException when there is no such argument
 * @throws NoSuchElementException when it is null and [T] is not nullable
 * @throws ClassCastException when it has another type, naming both
 */
public inline fun <reified T> MessagePayload.arg(index: Int): T {
    val value = get(index)
    if (value is T) return value
    throw argTypeError(this, index, value, typeOf<T>())
}

/**
 * The keyword argument [key] as a [T]: `msg.kwarg<String>("side")`, or `msg.kwarg<String?>("side")`
 * for null when it is absent or null.
 *
 * @throws NoSuchElementException when it is absent or null and [T] is not nullable, naming the keys
 * @throws ClassCastException when it has another type, naming both
 */
public inline fun <reified T> MessagePayload.kwarg(key: String): T {
    val value = get(key)
    if (value is T) return value
    throw kwargTypeError(this, key, value, typeOf<T>())
}

/**
 * What the named wildcards of [pattern] captured in this message's topic: for a message on
 * `Market.Data.AAPL`, `capturesOf(Topic.of("Market.Data.{symbol}"))` is `{symbol=AAPL}`; empty when
 * the pattern does not match.
 */
public fun MessagePayload.capturesOf(pattern: Topic): Map<String, String> =
    pattern.match(topic()).captures()

@PublishedApi
internal fun argTypeError(
    message: MessagePayload,
    index: Int,
    value: Any?,
    type: KType,
): RuntimeException =
    typeError(message, "positional arg $index", if (value == null) "is null" else null, value, type)

@PublishedApi
internal fun kwargTypeError(
    message: MessagePayload,
    key: String,
    value: Any?,
    type: KType,
): RuntimeException {
    val missing =
        when {
            value != null -> null
            message.contains(key) -> "is null"
            else -> "is absent (keys: ${message.kwargs().keys})"
        }
    return typeError(message, "kwarg '$key'", missing, value, type)
}

private fun typeError(
    message: MessagePayload,
    what: String,
    missing: String?,
    value: Any?,
    type: KType,
): RuntimeException =
    if (missing != null) {
        NoSuchElementException(
            "Message on '${message.topic()}': $what $missing, and $type is not nullable; ask for $type? to accept null"
        )
    } else {
        ClassCastException(
            "Message on '${message.topic()}': $what is a ${value?.javaClass?.name} ($value), not a $type"
        )
    }
