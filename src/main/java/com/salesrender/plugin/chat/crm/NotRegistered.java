package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.access.PluginReference;

/** Nothing can be sent to the CRM for a plugin reference that is not registered (no HPT, no address). */
@jakarta.ejb.ApplicationException(rollback = true)
public class NotRegistered extends IllegalStateException {

    public NotRegistered(PluginReference reference) {
        super("Plugin " + reference + " is not registered");
    }
}
