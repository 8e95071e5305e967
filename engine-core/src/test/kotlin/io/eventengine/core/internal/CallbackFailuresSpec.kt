package io.eventengine.core.internal

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class CallbackFailuresSpec :
    FunSpec({
        test("the 1st, 10th, 100th... failures are the ones logged at WARN") {
            (1L..100_000L).filter { CallbackFailures.isPowerOfTen(it) } shouldBe
                listOf(1L, 10L, 100L, 1_000L, 10_000L, 100_000L)
            CallbackFailures.isPowerOfTen(0) shouldBe false
        }
    })
