package io.eventengine.eventlog

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.math.BigDecimal
import java.math.BigInteger
import java.time.Duration
import java.time.Instant
import java.time.LocalDate

/**
 * JSON Lines records in Eventure's format. The expected lines are what Python's `json.dumps` writes
 * for Eventure's `Event.to_json` with the same fields (computed with Python 3).
 */
class EventJsonSpec :
    FunSpec({
        val eventureLine =
            """{"tick": 0, "timestamp": 1700000000.5, "type": "treasure.drop", "data": {"item": "gold_coins", "weight": 1.5}, "event_id": "0-EDDA-1", "parent_id": "0-ECDC-1"}"""

        test("an event is written as Eventure writes it: keys, order, separators, numbers") {
            val event =
                Event(
                    "0-EDDA-1",
                    0,
                    1_700_000_000.5,
                    "treasure.drop",
                    mapOf("item" to "gold_coins", "weight" to 1.5),
                    "0-ECDC-1",
                )
            event.toJson() shouldBe eventureLine
            val root = EventCodec.MAPPER.readTree(event.toJson())
            root.fieldNames().asSequence().toList() shouldContainExactly
                listOf("tick", "timestamp", "type", "data", "event_id", "parent_id")
        }

        test("a root has parent_id null, empty data is {}, lists and nested maps as Python") {
            Event("0-BBBC-1", 0, 1_700_000_001.5, "weather.change", NO_DATA, null).toJson() shouldBe
                """{"tick": 0, "timestamp": 1700000001.5, "type": "weather.change", "data": {}, "event_id": "0-BBBC-1", "parent_id": null}"""
            Event(
                    "2-FFCE-1",
                    2,
                    1_700_000_004.0,
                    "quest.reward.note",
                    mapOf(
                        "ratio" to 0.0001,
                        "tiny" to 1e-05,
                        "flags" to listOf(true, null, "x"),
                        "quest" to mapOf("id" to 7, "name" to "say \"hi\""),
                    ),
                    "2-FECC-1",
                )
                .toJson() shouldBe
                """{"tick": 2, "timestamp": 1700000004.0, "type": "quest.reward.note", "data": {"ratio": 0.0001, "tiny": 1e-05, "flags": [true, null, "x"], "quest": {"id": 7, "name": "say \"hi\""}}, "event_id": "2-FFCE-1", "parent_id": "2-FECC-1"}"""
        }

        test("a line written by Eventure reads back into the same fields, and round-trips") {
            val event = Event.fromJson(eventureLine)
            event.id() shouldBe "0-EDDA-1"
            event.tick() shouldBe 0L
            event.timestamp() shouldBe 1_700_000_000.5
            event.type() shouldBe "treasure.drop"
            event.data() shouldBe mapOf("item" to "gold_coins", "weight" to 1.5)
            event.parentId() shouldBe "0-ECDC-1"
            Event.fromJson(event.toJson()) shouldBe event
        }

        test("floats are written in Python's repr (checked against Python 3's repr)") {
            val expected =
                mapOf(
                    4591870180066957722L to "0.1",
                    4599075939470750516L to "0.30000000000000004",
                    4599676419421066581L to "0.3333333333333333",
                    4846369599423283200L to "1e+16",
                    4831355200913801216L to "1000000000000000.0",
                    4862596447618666293L to "1.2345678901234568e+17",
                    4532020583610935537L to "1e-05",
                    4547007122018943789L to "0.0001",
                    4548684680454221981L to "0.0001234",
                    1L to "5e-324",
                    3L to "1.5e-323",
                    9218868437227405311L to "1.7976931348623157e+308",
                    Long.MIN_VALUE to "-0.0",
                    4636737291354636288L to "100.0",
                    4508321993853365645L to "2.5e-07",
                    4845873199050653696L to "9007199254740992.0",
                    4936209963552724370L to "1e+22",
                    4950912855330343670L to "1e+23",
                    4744917124794279604L to "1700000000.123456",
                    4745199240392736768L to "1767261600.25",
                    4616583683022153318L to "4.35",
                    9095661408438432915L to "1.1000000000000002e+300",
                    -4533575364280113498L to "-352334.4703336753",
                    4669401289431270848L to "14871.466378840501",
                    4540658207283325649L to "3.749565844198488e-05",
                    4376973177408323093L to "4.181721513707595e-16",
                    4199380258116675974L to "5.855414226403868e-28",
                    4708529305184992481L to "6306259.157317371",
                )
            for ((bits, repr) in expected) {
                val d = Double.fromBits(bits)
                withClue("$d") {
                    JsonValues.floatRepr(d) shouldBe repr
                    java.lang.Double.parseDouble(repr) shouldBe d
                }
            }
            JsonValues.jsonFloat(Double.NaN) shouldBe "NaN"
            JsonValues.jsonFloat(Double.NEGATIVE_INFINITY) shouldBe "-Infinity"
            JsonValues.pyFloat(Double.POSITIVE_INFINITY) shouldBe "inf"
        }

        test("NaN and Infinity are written and read as Python's json does") {
            val event =
                Event(
                    "0-A-1",
                    0,
                    1.0,
                    "x",
                    mapOf("a" to Double.NaN, "b" to Double.POSITIVE_INFINITY),
                    null,
                )
            event.toJson() shouldContain """"data": {"a": NaN, "b": Infinity}"""
            Event.fromJson(event.toJson()) shouldBe event
        }

        test("non-ASCII text is escaped as Python's ensure_ascii does, and reads back") {
            val event = Event("0-A-1", 0, 1.0, "joueur.arrivé", mapOf("nom" to "Zoë 🐉"), null)
            val json = event.toJson()
            json.all { it.code < 128 } shouldBe true
            json.lowercase() shouldContain """"joueur.arriv\u00e9""""
            json.lowercase() shouldContain """"zo\u00eb \ud83d\udc09""""
            Event.fromJson(json) shouldBe event
        }

        test(
            "data is copied into JSON values: java.time as ISO-8601 text, numbers as JSON reads them"
        ) {
            data class Position(val x: Int, val y: Int)
            val event =
                EventLog()
                    .add(
                        "timer.tick",
                        mapOf(
                            "interval" to Duration.ofSeconds(1),
                            "timestamp" to Instant.parse("2026-01-01T10:00:00Z"),
                            "day" to LocalDate.of(2026, 1, 1),
                            "small" to 5L,
                            "big" to 5_000_000_000L,
                            "huge" to BigInteger.TEN.pow(30),
                            "float" to 0.1f,
                            "decimal" to BigDecimal("2.50"),
                            "chars" to 'c',
                            "array" to intArrayOf(1, 2),
                            "set" to linkedSetOf("a", "b"),
                            "bean" to Position(1, 2),
                        ),
                    )
            event.data() shouldBe
                mapOf(
                    "interval" to "PT1S",
                    "timestamp" to "2026-01-01T10:00:00Z",
                    "day" to "2026-01-01",
                    "small" to 5,
                    "big" to 5_000_000_000L,
                    "huge" to BigInteger.TEN.pow(30),
                    "float" to 0.1,
                    "decimal" to 2.5,
                    "chars" to "c",
                    "array" to listOf(1, 2),
                    "set" to listOf("a", "b"),
                    "bean" to mapOf("x" to 1, "y" to 2),
                )
            (event.data()["small"] is Int) shouldBe true // as JSON reads 5 back
            (event.data()["big"] is Long) shouldBe true
            Event.fromJson(event.toJson()) shouldBe event
        }

        test("data is unmodifiable, nested values too") {
            val event =
                EventLog()
                    .add("a", mapOf("list" to mutableListOf(1), "map" to mutableMapOf("k" to 1)))

            @Suppress("UNCHECKED_CAST")
            shouldThrow<UnsupportedOperationException> {
                (event.data() as MutableMap<String, Any?>)["x"] = 1
            }
            @Suppress("UNCHECKED_CAST")
            shouldThrow<UnsupportedOperationException> {
                (event.data()["list"] as MutableList<Any?>).add(2)
            }
            @Suppress("UNCHECKED_CAST")
            shouldThrow<UnsupportedOperationException> {
                (event.data()["map"] as MutableMap<String, Any?>)["k"] = 2
            }
        }

        test("a value with no JSON form is refused, naming its key") {
            val e =
                shouldThrow<IllegalArgumentException> {
                    EventLog().add("a", mapOf("outer" to mapOf("lock" to Any())))
                }
            e.message shouldContain "data['outer']['lock']"
            e.message shouldContain "java.lang.Object"
        }

        test("a record without event_id needs a log to get an id") {
            shouldThrow<IllegalArgumentException> {
                    Event.fromJson("""{"tick": 0, "timestamp": 1.0, "type": "a", "data": {}}""")
                }
                .message shouldContain "event_id"
            shouldThrow<IllegalArgumentException> { Event.fromJson("""{"tick": 0}""") }
                .message shouldContain "\"timestamp\""
        }

        test("events are checked: ticks from 0, finite timestamps, non-empty ids") {
            shouldThrow<IllegalArgumentException> { Event("a", -1, 1.0, "t", NO_DATA, null) }
            shouldThrow<IllegalArgumentException> {
                Event("a", 0, Double.NaN, "t", NO_DATA, null)
            }
            shouldThrow<IllegalArgumentException> { Event("", 0, 1.0, "t", NO_DATA, null) }
            Event("a", 0, 1.0, "t", NO_DATA, "").parentId() shouldBe null
            Event("a", 0, 1_767_261_600.25, "t", NO_DATA, null).instant() shouldBe
                Instant.parse("2026-01-01T10:00:00.250Z")
        }
    })
