package com.salesrender.plugin.chat.access;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.PluginSecrets;
import com.salesrender.plugin.chat.api.SecretRefused;
import com.salesrender.plugin.chat.platform.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Objects;

/**
 * The API's {@link PluginSecrets}: the core's {@link Secrets}, with the plugin reference as the sealed value's purpose
 * (its associated data), so a value opens only for the reference it was sealed for, and never as one of the core's own
 * secrets (their purposes are plain words, this one starts with the reference's key).
 */
@ApplicationScoped
public class ReferenceSecrets implements PluginSecrets {

    @Inject
    Secrets secrets;

    @Override
    public String seal(PluginReference reference, String plain) {
        Objects.requireNonNull(plain, "plain");
        requireKey();
        return secrets.seal(purpose(reference), plain);
    }

    @Override
    public String open(PluginReference reference, String sealed) {
        requireSealed(sealed);
        try {
            return secrets.open(purpose(reference), sealed);
        } catch (Secrets.SecretUnreadable e) {
            throw refused();
        }
    }

    @Override
    public boolean needsReseal(String sealed) {
        Objects.requireNonNull(sealed, "sealed");
        requireKey();
        return secrets.needsReseal(sealed);
    }

    @Override
    public String reseal(PluginReference reference, String sealed) {
        requireSealed(sealed);
        try {
            return secrets.reseal(purpose(reference), sealed);
        } catch (Secrets.SecretUnreadable e) {
            throw refused();
        }
    }

    private void requireSealed(String sealed) {
        Objects.requireNonNull(sealed, "sealed");
        requireKey();
        // Secrets reads an unsealed value as it is (a column written before the key); a plugin's value never is.
        if (!Secrets.isSealed(sealed)) {
            throw new SecretRefused("The value was not sealed with PluginSecrets");
        }
    }

    private static SecretRefused refused() {
        return new SecretRefused("The value was sealed for another plugin reference or with a key that is neither"
                + " plugin.secrets.key nor one of plugin.secrets.previous-keys, or was altered");
    }

    private void requireKey() {
        if (!secrets.hasKey()) {
            throw new IllegalStateException("PluginSecrets needs plugin.secrets.key: set it to the base64 of 32 random"
                    + " bytes (openssl rand -base64 32)");
        }
    }

    /** The associated data of the reference's values: unlike any purpose of the core's own, and one per reference. */
    static String purpose(PluginReference reference) {
        return "plugin secret " + StoredReference.key(Objects.requireNonNull(reference, "reference"));
    }
}
