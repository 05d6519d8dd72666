package com.salesrender.plugin.chat.info;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/** Checks the {@code /info} configuration when the plugin starts, so a mistake stops the start, not a CRM request. */
@Startup
@Singleton
public class InfoCheck {

    private static final Logger LOG = Logger.getLogger(InfoCheck.class.getName());

    @PostConstruct
    void check() {
        var config = ConfigProvider.getConfig();
        try {
            PluginInfo.read(key -> config.getOptionalValue(key, String.class));
        } catch (IllegalStateException e) {
            LOG.severe(e.getMessage());
            throw e;
        }
    }
}
