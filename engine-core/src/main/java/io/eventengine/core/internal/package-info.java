/** Implementation details shared by this library's modules. Not API: do not use from outside this library. */
@NullMarked
package io.eventengine.core.internal;

import org.jspecify.annotations.NullMarked;
