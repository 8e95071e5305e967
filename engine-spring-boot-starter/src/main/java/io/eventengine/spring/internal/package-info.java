/** The starter's implementation: not API (module-info does not export it). */
@NullMarked
package io.eventengine.spring.internal;

import org.jspecify.annotations.NullMarked;
