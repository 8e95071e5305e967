package io.eventengine.coroutines

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/**
 * What [CollectorBuffer.wakeConsumer] reports: whether it resumed a suspended collector, which is
 * when the dispatcher yields its core to that collector's thread (`EngineSupport.consumerWoken`).
 */
class CollectorBufferSpec :
    FunSpec({
        test("a wake-up with no collector waiting resumes nothing and says so") {
            val buffer = CollectorBuffer<Int>(4, producerPolls = false)
            buffer.offer(1) shouldBe true
            buffer.wakeConsumer() shouldBe false
            buffer.poll() shouldBe 1
        }

        test("a wake-up of a collector suspended on an empty buffer resumes it once and says so") {
            runBlocking(Dispatchers.Unconfined) {
                val buffer = CollectorBuffer<Int>(4, producerPolls = false)
                val taken = mutableListOf<Int?>()
                // Unconfined and undispatched: the collector runs up to its suspension right here.
                val collector =
                    launch(start = CoroutineStart.UNDISPATCHED) { taken += buffer.take() }
                collector.isActive shouldBe true
                taken shouldBe emptyList()

                buffer.offer(7) shouldBe true // handed to the waiting collector, not yet resumed
                buffer.wakeConsumer() shouldBe true
                yield()
                taken shouldContainExactly listOf(7)
                collector.isCompleted shouldBe true
                buffer.wakeConsumer() shouldBe false // nobody waits any more
            }
        }
    })
