/** Implementation of the Reactor adapter; not an API: may change without notice. */
@NullMarked
package io.eventengine.reactor.internal;

import org.jspecify.annotations.NullMarked;
