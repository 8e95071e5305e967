package io.eventengine.coroutines

import io.eventengine.core.MessagePayload
import io.eventengine.core.Topic
import java.time.Instant

/**
 * A message as a handler registered with [on] sees it: the [payload] plus what the [pattern]'s
 * named wildcards captured in its topic.
 *
 * `msg["symbol"]` reads the capture `symbol` first and falls back to the kwarg `symbol` (a
 * subscription's own wildcard names what it is about; on a raw [MessagePayload], `msg["symbol"]` is
 * the kwarg only). Say which one you mean with [capture] or [kwarg]. Captures are computed on first
 * use only.
 */
public class TopicMessage(
    /** The topic (pattern or exact) the handler was registered on. */
    public val pattern: Topic,
    /** The message itself. */
    public val payload: MessagePayload,
) {
    private var captured: Map<String, String>? = null

    /** Named wildcard of [pattern] to the part of [topic] it matched, in pattern order. */
    public val captures: Map<String, String>
        get() = captured ?: payload.capturesOf(pattern).also { captured = it }

    /** The exact topic the message was published on. */
    public val topic: Topic
        get() = payload.topic()

    /** Positional arguments. */
    public val args: List<Any?>
        get() = payload.args()

    /** Named arguments. */
    public val kwargs: Map<String, Any?>
        get() = payload.kwargs()

    /** The engine's sequence number of the message. */
    public val seqId: Long
        get() = payload.seqId()

    /** When the message was accepted. */
    public val timestamp: Instant
        get() = payload.timestamp()

    /** The capture [name], else the kwarg [name], else null. */
    public operator fun get(name: String): Any? = captures[name] ?: payload.get(name)

    /** The positional argument at [index]. */
    public operator fun get(index: Int): Any? = payload.get(index)

    /** Whether [name] is a capture or a kwarg: `"symbol" in msg`. */
    public operator fun contains(name: String): Boolean = name in captures || payload.contains(name)

    /**
     * The capture [name].
     *
     * @throws NoSuchElementException when the pattern has no such named wildcard
     */
    public fun capture(name: String): String =
        captures[name]
            ?: throw NoSuchElementException(
                "Pattern '$pattern' captured no '$name' in '${payload.topic()}'; captures: $captures"
            )

    /** The positional argument at [index] as a [T]; see [MessagePayload.arg]. */
    public inline fun <reified T> arg(index: Int): T = payload.arg(index)

    /** The kwarg [key] (never a capture) as a [T]; see [MessagePayload.kwarg]. */
    public inline fun <reified T> kwarg(key: String): T = payload.kwarg(key)

    override fun toString(): String = "TopicMessage[pattern=$pattern, captures=$captures, $payload]"
}
