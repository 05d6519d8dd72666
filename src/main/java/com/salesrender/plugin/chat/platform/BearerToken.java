package com.salesrender.plugin.chat.platform;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The routes of a resource class need {@code Authorization: Bearer <token>}, the token being the value of the
 * configuration property {@link #property}; checked by {@link BearerTokenCheck} before the route runs.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface BearerToken {

    /** The configuration property holding the token; unset or blank, the routes are off (404). */
    String property();

    /** What the token is called in error messages ({@code admin}: "Wrong admin token"). */
    String name();
}
