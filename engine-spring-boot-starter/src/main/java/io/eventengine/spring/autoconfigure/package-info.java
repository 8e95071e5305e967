/**
 * The starter's auto-configuration (listed in {@code META-INF/spring/...AutoConfiguration.imports}) and its {@code
 * eventengine.*} properties. Every bean backs off when the application declares its own of the same type.
 */
@NullMarked
package io.eventengine.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
