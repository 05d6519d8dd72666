package com.salesrender.plugin.chat.platform;

import java.util.Optional;

/** Test-only: a {@link Secrets} as the container makes it, for tests of other packages that delegate to it. */
public final class KeyedSecrets {

    private KeyedSecrets() {}

    /** Secrets with {@code plugin.secrets.key} set to {@code key} (null: not set). */
    public static Secrets withKey(String key) {
        return withKeys(key, null);
    }

    /** Secrets with {@code plugin.secrets.key} and {@code plugin.secrets.previous-keys} (null: not set). */
    public static Secrets withKeys(String key, String previousKeys) {
        Secrets secrets = new Secrets();
        secrets.configuredKey = Optional.ofNullable(key);
        secrets.configuredPreviousKeys = Optional.ofNullable(previousKeys);
        secrets.init();
        return secrets;
    }

    /**
     * The value as a core before key ids stored it: {@code enc:v1:} and the same nonce, ciphertext and tag (the formats
     * differ only by the key id).
     */
    public static String asV1(String sealed) {
        if (!sealed.startsWith(Secrets.V2)) {
            throw new IllegalArgumentException("Not a sealed value of the current format");
        }
        return Secrets.V1 + sealed.substring(sealed.indexOf(':', Secrets.V2.length()) + 1);
    }
}
