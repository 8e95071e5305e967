package io.eventengine.core

import io.eventengine.core.monitoring.EngineMonitoring
import io.eventengine.core.monitoring.EventSet
import io.eventengine.core.monitoring.MonitorAction
import io.eventengine.core.monitoring.MonitoringEvent
import io.eventengine.core.monitoring.MonitoringTool
import io.eventengine.core.spi.EngineSupport
import io.eventengine.test.ManualClock
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.time.Duration
import java.time.Instant
import java.util.Collections
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * The monitoring API (after CPython's sys.monitoring): tool ids, events, local events, DISABLE,
 * versions.
 */
class MonitoringSpec :
    FunSpec({
        val id = EngineMonitoring.PROFILER_ID

        /** Records every event it gets as a line, in order. */
        open class Recorder : MonitoringTool {
            val seen: MutableList<String> = Collections.synchronizedList(mutableListOf())

            override fun onPublish(message: MessagePayload): MonitorAction {
                seen += "publish ${message.topic()}"
                return MonitorAction.CONTINUE
            }

            override fun onReject(
                topic: Topic,
                capacity: Int,
                accepted: Boolean,
                waitedNanos: Long,
            ): MonitorAction {
                seen += "reject $topic $capacity $accepted"
                return MonitorAction.CONTINUE
            }

            override fun onDispatch(message: MessagePayload, hooks: Int): MonitorAction {
                seen += "dispatch ${message.seqId()} ${message.topic()} $hooks"
                return MonitorAction.CONTINUE
            }

            override fun onDispatchReturn(
                message: MessagePayload,
                hooks: Int,
                failures: Int,
                nanos: Long,
            ): MonitorAction {
                seen += "dispatch-return ${message.seqId()} $hooks $failures"
                return MonitorAction.CONTINUE
            }

            override fun onHandlerStart(
                hook: EventHook,
                handler: EventHandler,
                message: MessagePayload,
            ): MonitorAction {
                seen += "start ${hook.topic()} ${message.seqId()}"
                return MonitorAction.CONTINUE
            }

            override fun onHandlerReturn(
                hook: EventHook,
                handler: EventHandler,
                message: MessagePayload,
                nanos: Long,
            ): MonitorAction {
                seen += "return ${hook.topic()} ${message.seqId()}"
                return MonitorAction.CONTINUE
            }

            override fun onHandlerRaise(
                hook: EventHook,
                handler: EventHandler,
                message: MessagePayload,
                failure: Throwable,
            ): MonitorAction {
                seen += "raise ${hook.topic()} ${message.seqId()} ${failure.message}"
                return MonitorAction.CONTINUE
            }

            override fun onSubscribe(pattern: Topic, handler: EventHandler): MonitorAction {
                seen += "subscribe $pattern"
                return MonitorAction.CONTINUE
            }

            override fun onUnsubscribe(pattern: Topic, handler: EventHandler): MonitorAction {
                seen += "unsubscribe $pattern"
                return MonitorAction.CONTINUE
            }

            override fun onTimerTick(timer: Topic, queued: Boolean): MonitorAction {
                seen += "tick $timer $queued"
                return MonitorAction.CONTINUE
            }

            override fun onSubscriberDrop(pattern: Topic, message: MessagePayload?): MonitorAction {
                seen += "drop $pattern ${message?.topic()}"
                return MonitorAction.CONTINUE
            }

            override fun onEngineStart(engine: EventEngine) {
                seen += "engine-start"
            }

            override fun onEngineStop(engine: EventEngine) {
                seen += "engine-stop"
            }

            override fun onEngineClose(engine: EventEngine) {
                seen += "engine-close"
            }

            override fun onCustom(
                event: MonitoringEvent,
                topic: Topic?,
                detail: Any?,
            ): MonitorAction {
                seen += "custom $event $topic $detail"
                return MonitorAction.CONTINUE
            }
        }

        fun attach(engine: EventEngine, tool: MonitoringTool, events: EventSet) {
            val monitoring = engine.monitoring()
            monitoring.useToolId(id, "recorder")
            monitoring.registerCallbacks(id, tool)
            monitoring.setEvents(id, events)
        }

        fun drain(engine: EventEngine) = engine.stop(true, Duration.ofSeconds(10)) shouldBe 0

        test("with no tool listening the activation word is empty") {
            EventEngine.builder().name("quiet").build().use { engine ->
                engine.monitoring().activeEvents() shouldBe EventSet.NONE
                engine.monitoring().getTool(EngineMonitoring.JFR_ID) shouldBe "jfr"
                engine.monitoring().getTool(id).shouldBeNull()
            }
        }

        test(
            "a message's events come in order: publish, dispatch, each handler's start and return or raise, dispatch return"
        ) {
            EventEngine.builder().name("order").build().use { engine ->
                val tool = Recorder()
                attach(engine, tool, EventSet.all())
                engine.register("A.{x}") {}
                engine.register("A.b") { error("broken") }
                tool.seen.clear()
                engine.put("A.b")
                drain(engine)
                tool.seen shouldContainExactly
                    listOf(
                        "publish A.b",
                        "dispatch 0 A.b 2",
                        "start A.b 0",
                        "raise A.b 0 broken",
                        "start A.{x} 0",
                        "return A.{x} 0",
                        "dispatch-return 0 2 1",
                    )
            }
        }

        test("subscriptions, the life cycle, ticks, drops and custom events reach the tool") {
            val clock = ManualClock(Instant.parse("2026-01-01T10:00:00.250Z"))
            val engine = EventEngine.builder().clock(clock).name("life").build()
            val tool = Recorder()
            val custom =
                MonitoringEvent.define(
                    "spec.custom"
                ) // before all(): a set holds the kinds defined when made
            attach(engine, tool, EventSet.all())
            val registration = engine.register("L.x") {}
            registration.close()
            engine.start()
            val ticks = LinkedBlockingQueue<MessagePayload>()
            val timer = engine.timer(Duration.ofSeconds(1))
            engine.register(timer) { ticks.put(it) }
            clock.awaitSleeper(Duration.ofSeconds(10)) shouldBe true
            clock.advance(Duration.ofSeconds(1))
            ticks.poll(10, TimeUnit.SECONDS) shouldNotBe null
            val support = EngineSupport.of(engine)
            support.recordSubscriberDrop(Topic.of("L.{y}"), null)
            support.fire(custom, Topic.of("L.c"), 42)
            shouldThrow<IllegalArgumentException> {
                    support.fire(MonitoringEvent.PUBLISH, null, null)
                }
                .message shouldContain "Built-in"
            engine.stop()
            engine.close()
            val kinds =
                tool.seen.filter {
                    !it.startsWith("publish") &&
                        !it.startsWith("dispatch") &&
                        !it.startsWith("start") &&
                        !it.startsWith("return")
                }
            kinds shouldContainExactly
                listOf(
                    "subscribe L.x",
                    "unsubscribe L.x",
                    "engine-start",
                    "subscribe $timer",
                    "tick $timer true",
                    "drop L.{y} null",
                    "custom spec.custom L.c 42",
                    "engine-stop",
                    "engine-close",
                )
            engine.stats().subscriberDrops shouldBe 1
        }

        test("a put that finds the queue full is a REJECT, counted like the stats count it") {
            EventEngine.builder().capacity(2).name("full").build().use { engine ->
                val tool = Recorder()
                attach(engine, tool, EventSet.of(MonitoringEvent.REJECT))
                engine.put("F.a")
                engine.put("F.a")
                engine.tryPublish(Topic.of("F.b")) shouldBe false
                shouldThrow<QueueFullException> {
                    engine.publish(
                        Topic.of("F.c"),
                        listOf<Any>(),
                        mapOf<String, Any>(),
                        PublishOptions.NON_BLOCKING,
                    )
                }
                tool.seen shouldContainExactly listOf("reject F.b 2 false", "reject F.c 2 false")
                engine.stats().rejectedPuts shouldBe 2
            }
        }

        test("local events reach the tool only for the messages whose topic the pattern matches") {
            EventEngine.builder().name("local").build().use { engine ->
                val tool = Recorder()
                val monitoring = engine.monitoring()
                monitoring.useToolId(id, "local")
                monitoring.registerCallbacks(id, tool)
                monitoring.setLocalEvents(
                    id,
                    "Market.**",
                    EventSet.of(MonitoringEvent.HANDLER_RETURN),
                )
                monitoring.getLocalEvents(id, Topic.of("Market.**")) shouldBe
                    EventSet.of(MonitoringEvent.HANDLER_RETURN)
                monitoring.getEvents(id) shouldBe EventSet.NONE
                engine.register("**") {}
                engine.put("Market.Data.AAPL")
                engine.put("Audit.Log")
                engine.put("Market.Trade")
                drain(engine)
                tool.seen shouldContainExactly listOf("return ** 0", "return ** 2")
                monitoring.setLocalEvents(id, "Market.**", EventSet.NONE)
                monitoring.activeEvents().contains(MonitoringEvent.HANDLER_RETURN) shouldBe false
            }
        }

        test("DISABLE stops an event for that tool at that hook only, until restartEvents") {
            EventEngine.builder().name("disable").build().use { engine ->
                val counts = Collections.synchronizedList(mutableListOf<String>())
                val tool =
                    object : MonitoringTool {
                        override fun onHandlerReturn(
                            hook: EventHook,
                            handler: EventHandler,
                            message: MessagePayload,
                            nanos: Long,
                        ): MonitorAction {
                            counts += "${hook.topic()}"
                            return if (hook.topic() == Topic.of("D.a")) MonitorAction.DISABLE
                            else MonitorAction.CONTINUE
                        }
                    }
                attach(engine, tool, EventSet.of(MonitoringEvent.HANDLER_RETURN))
                engine.register("D.a") {}
                engine.register("D.*") {}
                val before = engine.monitoring().version()
                repeat(3) { engine.put("D.a") }
                drain(engine)
                counts shouldContainExactly listOf("D.a", "D.*", "D.*", "D.*")
                engine.monitoring().version() shouldBeGreaterThan before
                engine.monitoring().restartEvents()
                counts.clear()
                engine.put("D.a")
                drain(engine)
                counts shouldContainExactly listOf("D.a", "D.*")
            }
        }

        test("a callback that throws is contained and counted; handlers and other events go on") {
            EventEngine.builder().name("failing").build().use { engine ->
                val tool =
                    object : MonitoringTool {
                        override fun onDispatch(
                            message: MessagePayload,
                            hooks: Int,
                        ): MonitorAction = error("tool bug")
                    }
                attach(engine, tool, EventSet.of(MonitoringEvent.DISPATCH))
                val handled = mutableListOf<Long>()
                engine.register("X") { handled += it.seqId() }
                repeat(3) { engine.put("X") }
                drain(engine)
                handled shouldContainExactly listOf(0L, 1L, 2L)
                engine.monitoring().callbackFailures() shouldBe 3
                engine.stats().handlerFailures shouldBe 0
            }
        }

        test(
            "CAPTURE runs on the producer before the queue, and what it returns travels with the message"
        ) {
            EventEngine.builder().name("capture").build().use { engine ->
                val context = ThreadLocal<String>()
                val tool =
                    object : MonitoringTool {
                        override fun onCapture(topic: Topic): Any? = context.get()
                    }
                attach(engine, tool, EventSet.of(MonitoringEvent.CAPTURE))
                val contexts = mutableListOf<Any?>()
                engine.register("C") { contexts += engine.monitoring().captured(it, id) }
                context.set("trace-1")
                engine.put("C")
                context.remove()
                engine.put("C")
                drain(engine)
                contexts shouldContainExactly listOf("trace-1", null)
            }
        }

        test("tool ids are taken, refused while in use, and freed with everything they set") {
            EventEngine.builder().name("ids").build().use { engine ->
                val monitoring = engine.monitoring()
                monitoring.useToolId(id, "first")
                shouldThrow<IllegalStateException> { monitoring.useToolId(id, "second") }
                    .message
                    .let {
                        it shouldContain "in use by 'first'"
                        it shouldContain "[0, 1, 3, 4, 6, 7]"
                    }
                shouldThrow<IllegalArgumentException> { monitoring.useToolId(8, "x") }
                    .message shouldContain "0 to 7"
                shouldThrow<IllegalStateException> { monitoring.setEvents(6, EventSet.all()) }
                    .message shouldContain "useToolId(6, name)"
                monitoring.registerCallbacks(id, Recorder())
                monitoring.setEvents(id, EventSet.of(MonitoringEvent.PUBLISH))
                monitoring.activeEvents() shouldBe EventSet.of(MonitoringEvent.PUBLISH)
                monitoring.freeToolId(id)
                monitoring.getTool(id).shouldBeNull()
                monitoring.getEvents(id) shouldBe EventSet.NONE
                monitoring.activeEvents() shouldBe EventSet.NONE
                monitoring.useToolId(id, "again")
            }
        }

        test("custom event kinds are defined once per name and never shadow a built-in one") {
            MonitoringEvent.define("spec.same") shouldBe MonitoringEvent.define("spec.same")
            MonitoringEvent.define("spec.same").isBuiltIn shouldBe false
            shouldThrow<IllegalArgumentException> { MonitoringEvent.define("PUBLISH") }
                .message shouldContain "MonitoringEvent.PUBLISH"
            shouldThrow<IllegalArgumentException> { MonitoringEvent.define(" ") }
            EventSet.of(MonitoringEvent.PUBLISH, MonitoringEvent.REJECT)
                .events() shouldContainExactly
                listOf(MonitoringEvent.PUBLISH, MonitoringEvent.REJECT)
        }

        test(
            "tools change while producers publish: nothing fails, and once the set is steady every event is counted"
        ) {
            EventEngine.builder().capacity(256).name("churn").build().use { engine ->
                val published = java.util.concurrent.atomic.AtomicLong()
                val dispatched = java.util.concurrent.atomic.AtomicLong()
                val tool =
                    object : MonitoringTool {
                        override fun onPublish(message: MessagePayload): MonitorAction {
                            published.incrementAndGet()
                            return MonitorAction.CONTINUE
                        }

                        override fun onDispatch(
                            message: MessagePayload,
                            hooks: Int,
                        ): MonitorAction {
                            dispatched.incrementAndGet()
                            return if (message.topic().value().endsWith("3")) MonitorAction.DISABLE
                            else MonitorAction.CONTINUE
                        }
                    }
                val monitoring = engine.monitoring()
                monitoring.useToolId(id, "churn")
                monitoring.registerCallbacks(id, tool)
                engine.register("Churn.{p}") {}
                engine.start()
                val stop = java.util.concurrent.atomic.AtomicBoolean()
                val toggler =
                    kotlin.concurrent.thread(name = "toggler") {
                        var on = false
                        while (!stop.get()) {
                            on = !on
                            monitoring.setEvents(id, if (on) EventSet.all() else EventSet.NONE)
                            monitoring.setLocalEvents(
                                id,
                                "Churn.1",
                                if (on) EventSet.NONE else EventSet.of(MonitoringEvent.PUBLISH),
                            )
                            monitoring.restartEvents()
                        }
                    }
                val producers =
                    List(3) { p ->
                        kotlin.concurrent.thread(name = "churn-producer-$p") {
                            repeat(20_000) { engine.put("Churn.$p", it) }
                        }
                    }
                producers.forEach { it.join(60_000) }
                stop.set(true)
                toggler.join(60_000)
                engine.stop(true, Duration.ofSeconds(30)) shouldBe 0
                engine.stats().dispatched shouldBe 60_000
                published.get() shouldBeLessThanOrEqual 60_000L
                monitoring.callbackFailures() shouldBe 0

                // Steady now: exact counts, and DISABLE holds for the topic it was answered on.
                monitoring.setLocalEvents(id, "Churn.1", EventSet.NONE)
                monitoring.setEvents(
                    id,
                    EventSet.of(MonitoringEvent.PUBLISH, MonitoringEvent.DISPATCH),
                )
                monitoring.restartEvents()
                published.set(0)
                dispatched.set(0)
                engine.start()
                repeat(1000) { engine.put("Churn.${it % 4}") }
                engine.stop(true, Duration.ofSeconds(30)) shouldBe 0
                published.get() shouldBe 1000
                dispatched.get() shouldBe
                    751 // Churn.3's first dispatch answered DISABLE: its 249 others are not seen
            }
        }
    })
