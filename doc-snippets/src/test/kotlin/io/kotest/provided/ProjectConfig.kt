package io.kotest.provided

import io.kotest.core.config.AbstractProjectConfig
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes

/** A hung concurrency test fails in minutes instead of stalling CI for its whole budget. */
class ProjectConfig : AbstractProjectConfig() {
    override val timeout: Duration = 2.minutes
}
