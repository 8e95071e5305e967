package io.eventengine.eventlog

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe

/**
 * Queries and printers. The expected texts were produced by running Eventure's printer code (its
 * `EventQuery` with `print_event_cascade`, `print_single_cascade`, `print_event_details`) on the
 * same events with Python 3, so they pin the box-drawing format character for character, quirks
 * included (a root whose parent is missing from the log prints as `└─`, as Eventure prints it).
 */
class EventQuerySpec :
    FunSpec({
        /**
         * Three ticks: a root with a same-tick child and grandchild and causes in ticks 1 and 2; an
         * empty-data root; cross-tick children; a root whose parent is in no log; timestamps
         * 1700000000.0 + 0.5 per event.
         */
        class Scenario {
            val log = EventLog(steppingOptions())
            val r = log.add("enemy.defeated", mapOf("enemy" to "dragon", "gold" to 120))
            val c1 = log.add("treasure.drop", mapOf("item" to "gold_coins", "weight" to 1.5), r)
            val gc =
                log.add(
                    "player.levelup",
                    mapOf("level" to 2, "flags" to listOf(true, null, "x")),
                    c1,
                )
            val r2 = log.add("weather.change", NO_DATA)
            val x: Event
            val y: Event
            val z: Event
            val o: Event
            val z2: Event

            init {
                log.advanceTick()
                x =
                    log.add(
                        "quest.complete",
                        mapOf("quest" to mapOf("id" to 7, "name" to "Dragon's bane")),
                        r,
                    )
                y = log.add("treasure.drop", mapOf("item" to "sword"), c1)
                log.advanceTick()
                z = log.add("quest.reward", mapOf("xp" to 1e16), r)
                val foreign = Event("9-ABCD-1", 9, 1.0, "x", NO_DATA, null)
                o = log.add("ghost.appear", mapOf("note" to "say \"hi\""), foreign)
                z2 =
                    log.add(
                        "quest.reward.note",
                        mapOf("ratio" to 0.0001, "tiny" to 1e-05, "neg" to -2.5),
                        z,
                    )
            }

            val query = log.query()
        }

        test("the ids of the scenario are Eventure's") {
            val s = Scenario()
            s.log.events().map { it.id() } shouldContainExactly
                listOf(
                    "0-ECDC-1",
                    "0-EDDA-1",
                    "0-BFAD-1",
                    "0-BBBC-1",
                    "1-CFFA-1",
                    "1-EDDA-1",
                    "2-FECC-1",
                    "2-AEFF-1",
                    "2-FFCE-1",
                )
        }

        test("by type, by data, at tick, children, counts") {
            val s = Scenario()
            s.query.eventsByType("treasure.drop") shouldContainExactly listOf(s.c1, s.y)
            s.query.eventsByType("nope") shouldBe emptyList()
            s.query.eventsByData("item", "sword") shouldContainExactly listOf(s.y)
            s.query.eventsByData("level", 2.0) shouldContainExactly listOf(s.gc) // Python: 2 == 2.0
            s.query.eventsByData("level", 2L) shouldContainExactly listOf(s.gc)
            s.query.eventsByData(
                "quest",
                mapOf("name" to "Dragon's bane", "id" to 7),
            ) shouldContainExactly listOf(s.x)
            s.query.eventsByData("missing", null) shouldBe emptyList()
            s.query.eventsAtTick(1) shouldContainExactly listOf(s.x, s.y)
            s.query.childEvents(s.r) shouldContainExactly listOf(s.c1, s.x, s.z)
            s.query.childEvents(s.gc) shouldBe emptyList()
            s.query.countEventsByType() shouldBe
                linkedMapOf(
                    "enemy.defeated" to 1,
                    "treasure.drop" to 2,
                    "player.levelup" to 1,
                    "weather.change" to 1,
                    "quest.complete" to 1,
                    "quest.reward" to 1,
                    "ghost.appear" to 1,
                    "quest.reward.note" to 1,
                )
            s.query.countEventsByType().keys.first() shouldBe "enemy.defeated"
        }

        test("a cascade is breadth first from its root, across ticks") {
            val s = Scenario()
            s.query.cascadeEvents(s.r) shouldContainExactly
                listOf(s.r, s.c1, s.x, s.z, s.gc, s.y, s.z2)
            s.query.cascadeEvents(s.c1) shouldContainExactly listOf(s.c1, s.gc, s.y)
            s.query.cascadeEvents(s.z2) shouldContainExactly listOf(s.z2)
        }

        test("roots: no parent, parent missing, or parent in another tick") {
            val s = Scenario()
            s.query.rootEvents() shouldContainExactly listOf(s.r, s.r2, s.x, s.y, s.z, s.o)
            s.query.rootEvents(2) shouldContainExactly listOf(s.z, s.o)
            s.query.rootEvents(5) shouldBe emptyList()
        }

        test("the whole cascade prints as Eventure prints it") {
            Scenario().query.formatEventCascade(true) shouldBe CASCADE
        }

        test("the whole cascade without data") {
            Scenario().query.formatEventCascade(false) shouldBe CASCADE_NO_DATA
        }

        test("one cascade, with and without data") {
            val s = Scenario()
            s.query.formatSingleCascade(s.r, true) shouldBe SINGLE_R
            s.query.formatSingleCascade(s.c1, false) shouldBe SINGLE_C1_NO_DATA
        }

        test("one event, with and without data") {
            val s = Scenario()
            s.query.formatEventDetails(s.x, true) shouldBe DETAILS_X
            s.query.formatEventDetails(s.r, false) shouldBe DETAILS_R_NO_DATA
            s.query.formatEventDetails(s.o, true) shouldBe DETAILS_O
        }

        test("print writes the same text to an Appendable") {
            val s = Scenario()
            val out = StringBuilder()
            s.query.printEventCascade(out, true)
            s.query.printSingleCascade(s.r, out, false)
            s.query.printEventDetails(s.x, out, true)
            out.toString() shouldBe
                s.query.formatEventCascade(true) +
                    s.query.formatSingleCascade(s.r, false) +
                    s.query.formatEventDetails(s.x, true)
        }

        test("an empty log prints Eventure's empty view") {
            EventLog().query().formatEventCascade(true) shouldBe
                "===== EVENT CASCADE VIEWER =====\n\n<No events in log>\n"
        }

        test("long same-tick chains print without recursion") {
            val log = EventLog()
            var parent = log.add("chain", NO_DATA)
            repeat(1_200) { parent = log.add("chain", NO_DATA, parent) }
            val text = log.query().formatEventCascade(false)
            text.lines().count { it.trimStart().startsWith("└─ chain") } shouldBe 1_200
        }
    }) {
    companion object {
        val CASCADE =
            """
            |===== EVENT CASCADE VIEWER =====
            |
            |┌─── TICK 0 ───┐
            |│
            |  ● enemy.defeated
            |    ID: 0-ECDC-1
            |    Data:
            |      enemy: dragon
            |      gold: 120
            |    ↓ Triggers events in: tick 1 (1), tick 2 (1)
            |    │
            |    └─ treasure.drop
            |    │ ID: 0-EDDA-1
            |    │ Data:
            |    │   item: gold_coins
            |    │   weight: 1.5
            |    │ ↓ Triggers events in tick 1 (1)
            |      │
            |      └─ player.levelup
            |      │ ID: 0-BFAD-1
            |      │ Data:
            |      │   level: 2
            |      │   flags: [True, None, 'x']
            |│
            |  ● weather.change
            |    ID: 0-BBBC-1
            |└───────────────┘
            |
            |┌─── TICK 1 ───┐
            |│
            |  ↓ quest.complete (caused by: enemy.defeated @ tick 0)
            |    ID: 1-CFFA-1
            |    Data:
            |      quest: {'id': 7, 'name': "Dragon's bane"}
            |│
            |  ↓ treasure.drop (caused by: treasure.drop @ tick 0)
            |    ID: 1-EDDA-1
            |    Data:
            |      item: sword
            |└───────────────┘
            |
            |┌─── TICK 2 ───┐
            |│
            |  ↓ quest.reward (caused by: enemy.defeated @ tick 0)
            |    ID: 2-FECC-1
            |    Data:
            |      xp: 1e+16
            |    │
            |    └─ quest.reward.note
            |    │ ID: 2-FFCE-1
            |    │ Data:
            |    │   ratio: 0.0001
            |    │   tiny: 1e-05
            |    │   neg: -2.5
            |  │
            |  └─ ghost.appear
            |  │ ID: 2-AEFF-1
            |  │ Data:
            |  │   note: say "hi"
            |└───────────────┘
            |"""
                .trimMargin()

        val CASCADE_NO_DATA =
            """
            |===== EVENT CASCADE VIEWER =====
            |
            |┌─── TICK 0 ───┐
            |│
            |  ● enemy.defeated
            |    ID: 0-ECDC-1
            |    ↓ Triggers events in: tick 1 (1), tick 2 (1)
            |    │
            |    └─ treasure.drop
            |    │ ID: 0-EDDA-1
            |    │ ↓ Triggers events in tick 1 (1)
            |      │
            |      └─ player.levelup
            |      │ ID: 0-BFAD-1
            |│
            |  ● weather.change
            |    ID: 0-BBBC-1
            |└───────────────┘
            |
            |┌─── TICK 1 ───┐
            |│
            |  ↓ quest.complete (caused by: enemy.defeated @ tick 0)
            |    ID: 1-CFFA-1
            |│
            |  ↓ treasure.drop (caused by: treasure.drop @ tick 0)
            |    ID: 1-EDDA-1
            |└───────────────┘
            |
            |┌─── TICK 2 ───┐
            |│
            |  ↓ quest.reward (caused by: enemy.defeated @ tick 0)
            |    ID: 2-FECC-1
            |    │
            |    └─ quest.reward.note
            |    │ ID: 2-FFCE-1
            |  │
            |  └─ ghost.appear
            |  │ ID: 2-AEFF-1
            |└───────────────┘
            |"""
                .trimMargin()

        val SINGLE_R =
            """
            |│
            |  ● enemy.defeated
            |    ID: 0-ECDC-1
            |    Data:
            |      enemy: dragon
            |      gold: 120
            |    ↓ Triggers events in: tick 1 (1), tick 2 (1)
            |    │
            |    └─ treasure.drop
            |    │ ID: 0-EDDA-1
            |    │ Data:
            |    │   item: gold_coins
            |    │   weight: 1.5
            |    │ ↓ Triggers events in tick 1 (1)
            |      │
            |      └─ player.levelup
            |      │ ID: 0-BFAD-1
            |      │ Data:
            |      │   level: 2
            |      │   flags: [True, None, 'x']
            |"""
                .trimMargin()

        val SINGLE_C1_NO_DATA =
            """
            |  │
            |  └─ treasure.drop
            |  │ ID: 0-EDDA-1
            |  │ ↓ Triggers events in tick 1 (1)
            |    │
            |    └─ player.levelup
            |    │ ID: 0-BFAD-1
            |"""
                .trimMargin()

        val DETAILS_X =
            """
            |● quest.complete (caused by: enemy.defeated @ tick 0)
            |  ID: 1-CFFA-1
            |  Data:
            |    quest: {'id': 7, 'name': "Dragon's bane"}
            |"""
                .trimMargin()

        val DETAILS_R_NO_DATA =
            """
            |● enemy.defeated
            |  ID: 0-ECDC-1
            |"""
                .trimMargin()

        val DETAILS_O =
            """
            |● ghost.appear
            |  ID: 2-AEFF-1
            |  Data:
            |    note: say "hi"
            |"""
                .trimMargin()
    }
}
