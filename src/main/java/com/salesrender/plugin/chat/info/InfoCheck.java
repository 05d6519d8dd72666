package com.salesrender.plugin.chat.info;

import com.salesrender.plugin.chat.platform.FailedStart;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

/**
 * Reads and checks the {@code /info} configuration once, when the plugin starts, so a mistake stops the start, not a
 * CRM request; {@code /info} then serves what was read here.
 */
@Startup
@Singleton
public class InfoCheck {

    /** The info properties are read by name (their keys come from {@code PluginInfo}), not injected one by one. */
    @Inject
    Config config;

    private PluginInfo info;

    @PostConstruct
    void check() {
        try {
            info = PluginInfo.read(key -> config.getOptionalValue(key, String.class));
        } catch (IllegalStateException e) {
            throw FailedStart.stop(e.getMessage(), e);
        }
    }

    @Lock(LockType.READ)
    public PluginInfo info() {
        return info;
    }
}
