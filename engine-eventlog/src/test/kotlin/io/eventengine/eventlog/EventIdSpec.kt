package io.eventengine.eventlog

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.io.ByteArrayInputStream

/**
 * Eventure's ids, `{tick}-{typeHash}-{sequence}`. The expected hashes were computed with Eventure's
 * `_generate_type_hash` (MD5 hex digest, digits removed, first four letters, upper-cased); three of
 * them are the ids in Eventure's README example (`4-FADA-1`, `4-ADCF-1`, `5-ABAA-1`).
 */
class EventIdSpec :
    FunSpec({
        test("the type hash is the first four letters of the MD5 hex digest, upper-cased") {
            // md5("room.enter") = f3970a1da065...: letters f, a, d, a
            Event.typeHash("room.enter") shouldBe "FADA"
            Event.typeHash("enemy.encounter") shouldBe "ADCF"
            Event.typeHash("combat.start") shouldBe "ABAA"
            Event.typeHash("user.login") shouldBe "EFCF"
            Event.typeHash("player.move") shouldBe "ECBC"
            Event.typeHash("a.b") shouldBe "EBFC"
            Event.typeHash("") shouldBe "DDCD"
        }

        test("ids count from 1 per tick and type hash") {
            val log = EventLog()
            log.add("user.login", mapOf("user_id" to 1)).id() shouldBe "0-EFCF-1"
            log.add("user.login", mapOf("user_id" to 2)).id() shouldBe "0-EFCF-2"
            log.add("player.move", NO_DATA).id() shouldBe "0-ECBC-1"
            log.advanceTick()
            log.add("user.login", NO_DATA).id() shouldBe "1-EFCF-1"
            log.add("player.move", NO_DATA).id() shouldBe "1-ECBC-1"
        }

        test("types with the same hash share a counter, so their ids stay unique") {
            // evt.20 and evt.42 both hash to EACF
            Event.typeHash("evt.20") shouldBe "EACF"
            Event.typeHash("evt.42") shouldBe "EACF"
            val log = EventLog()
            log.add("evt.20", NO_DATA).id() shouldBe "0-EACF-1"
            log.add("evt.42", NO_DATA).id() shouldBe "0-EACF-2"
        }

        test("sequences are per log, not per process (Eventure's are process-global)") {
            val first = EventLog()
            val second = EventLog()
            first.add("user.login", NO_DATA).id() shouldBe "0-EFCF-1"
            second.add("user.login", NO_DATA).id() shouldBe "0-EFCF-1"
            first.add("user.login", NO_DATA).id() shouldBe "0-EFCF-2"
        }

        test("a loaded log goes on numbering after the ids it loaded") {
            val original = EventLog()
            original.add("user.login", NO_DATA)
            original.add("user.login", NO_DATA)
            val bytes = java.io.ByteArrayOutputStream().also { original.writeTo(it) }.toByteArray()
            val loaded =
                EventLog.read(ByteArrayInputStream(bytes), "saved", EventLogOptions.defaults())
            // a fresh Eventure process would start again at 0-EFCF-1 and repeat an id
            loaded.add("user.login", NO_DATA).id() shouldBe "0-EFCF-3"
            loaded.events().map { it.id() } shouldContainExactly
                listOf("0-EFCF-1", "0-EFCF-2", "0-EFCF-3")
        }

        test("records without an event_id get fresh ids that do not repeat loaded ones") {
            val text =
                """
                |{"tick": 0, "timestamp": 1.0, "type": "user.login", "data": {}}
                |{"tick": 0, "timestamp": 2.0, "type": "user.login", "data": {}, "event_id": "0-EFCF-1"}
                |"""
                    .trimMargin()
            val log =
                EventLog.read(
                    ByteArrayInputStream(text.toByteArray()),
                    "no-ids",
                    EventLogOptions.defaults(),
                )
            log.events().map { it.id() } shouldContainExactly listOf("0-EFCF-2", "0-EFCF-1")
        }

        test("ids stay unique over many events of many types") {
            val log = EventLog()
            repeat(3) { tick ->
                repeat(2_000) { i -> log.add("type.${i % 97}", mapOf("i" to i)) }
                if (tick < 2) log.advanceTick()
            }
            log.events().map { it.id() }.toSet().size shouldBe 6_000
        }
    })
