package com.salesrender.plugin.chat.echo;

import com.salesrender.plugin.chat.access.PluginReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The echo plugin's settings for one company: reply prefix and suffix, and the delay between steps. */
@ApplicationScoped
public class EchoSettings {

    @Inject
    @ConfigProperty(name = "plugin.echo.prefix", defaultValue = "Echo: ")
    String prefix;

    @Inject
    @ConfigProperty(name = "plugin.echo.suffix", defaultValue = "")
    String suffix;

    @Inject
    @ConfigProperty(name = "plugin.echo.delay", defaultValue = "3")
    int delaySeconds;

    public Values of(PluginReference reference) {
        return new Values(prefix, suffix, Math.max(0, Math.min(10, delaySeconds)));
    }

    public record Values(String prefix, String suffix, int delaySeconds) {
    }
}
