package com.salesrender.plugin.chat.platform;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The plugin's own public address ({@code plugin.self-uri}): the audience of the CRM's tokens, the issuer of the
 * plugin's requests to the CRM, the base of the links it hands out. Read here only; the default is in
 * {@code META-INF/microprofile-config.properties}.
 */
@ConfigProperties(prefix = "plugin")
@Dependent
public class SelfAddress {

    @ConfigProperty(name = "self-uri")
    String selfUri;

    /** The base URI as configured (with its trailing slash, by convention). */
    public String uri() {
        return selfUri;
    }
}
