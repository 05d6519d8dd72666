package com.salesrender.plugin.chat.platform;

import java.util.Optional;

/** Test-only: a {@link Secrets} as the container makes it, for tests of other packages that delegate to it. */
public final class KeyedSecrets {

    private KeyedSecrets() {}

    /** Secrets with {@code plugin.secrets.key} set to {@code key} (null: not set). */
    public static Secrets withKey(String key) {
        Secrets secrets = new Secrets();
        secrets.configuredKey = Optional.ofNullable(key);
        secrets.init();
        return secrets;
    }
}
