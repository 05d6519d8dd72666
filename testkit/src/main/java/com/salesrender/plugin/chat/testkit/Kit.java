package com.salesrender.plugin.chat.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field {@link FakeCrmExtension} fills: a {@link FakeCrm} (the class's CRM, started once), a
 * {@link PluginClient} (to the deployed plugin), or a {@link Company} (a fresh one before each test, registered with
 * {@link #registeredWith()} as its HPT unless that is empty). On a test method parameter of those types it only picks
 * the HPT.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface Kit {

    /** For a company: the HPT the fake CRM registers it with before each test; empty: left unregistered. */
    String registeredWith() default "";
}
