package com.salesrender.plugin.chat.access;

import jakarta.enterprise.context.Dependent;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may issue CRM tokens ({@code plugin.crm.*}); the defaults are in {@code META-INF/microprofile-config.properties}.
 */
@ConfigProperties(prefix = "plugin.crm")
@Dependent
public class TokenOptions {

    /** The scheme issuers must use. */
    String scheme;

    /** The issuers' hosts (or their subdomains), comma-separated. */
    String hostnames;

    /** Clock difference tolerated on token exp/nbf. */
    @ConfigProperty(name = "clock-skew")
    Duration clockSkew;
}
