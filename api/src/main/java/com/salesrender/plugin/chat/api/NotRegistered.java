package com.salesrender.plugin.chat.api;

import jakarta.ejb.ApplicationException;

/** Nothing can be sent to the CRM for a plugin reference that is not registered (no HPT, no address). */
@ApplicationException(rollback = true)
public class NotRegistered extends Refusal {

    public NotRegistered(PluginReference reference) {
        super(404, "Plugin " + reference + " is not registered");
    }
}
