package com.salesrender.plugin.chat.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of the deployed plugin: Arquillian deploys it on Payara Micro and {@link FakeCrmExtension} plays its CRM
 * (fills the {@link Kit} fields). Put {@code @RunAsClient} beside it (Arquillian reads that one on the class itself).
 *
 * <pre>
 * &#64;PluginTest
 * &#64;RunAsClient
 * class GatewayChatSenderIT { ... }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith({ArquillianExtension.class, FakeCrmExtension.class})
public @interface PluginTest {}
