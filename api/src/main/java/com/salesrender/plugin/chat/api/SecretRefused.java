package com.salesrender.plugin.chat.api;

import jakarta.ejb.ApplicationException;

/**
 * {@link PluginSecrets#open} refused a value: it was sealed for another plugin reference or with another key, altered,
 * or never sealed. The message never holds the value.
 */
@ApplicationException(rollback = true)
public class SecretRefused extends RuntimeException {

    public SecretRefused(String message) {
        super(message);
    }
}
