package com.salesrender.plugin.chat.platform;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ApplicationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Secrets at rest (a registration's HPT, password settings): AES-GCM with the key {@code plugin.secrets.key} (base64 of
 * 16, 24 or 32 bytes; {@code openssl rand -base64 32}). A sealed value is {@code enc:v1:} and the base64 of a random
 * 12-byte nonce and the ciphertext with its tag; what it is (its purpose) is bound to it as associated data, so a value
 * cannot be moved to another column. A value without the prefix was stored before the key was set: it is read as it is,
 * and sealed on its next write. Without a key values are stored as they are (a warning says so once, at start). A
 * malformed key stops the start; a sealed value the key cannot open (another key, or none) fails where it is used,
 * loudly, naming the property. Secrets are never logged.
 */
@ApplicationScoped
public class Secrets {

    private static final Logger LOG = Logger.getLogger(Secrets.class.getName());

    static final String PREFIX = "enc:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @ConfigProperty(name = "plugin.secrets.key")
    Optional<String> configuredKey;

    private SecretKeySpec key;

    /** Checked (and the missing key reported) when the application starts, not at the first secret. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object start) {
        if (key == null) {
            LOG.warning("plugin.secrets.key is not set: registration HPTs and password settings are stored unencrypted."
                    + " Set it to the base64 of 32 random bytes (openssl rand -base64 32).");
        }
    }

    @PostConstruct
    void init() {
        try {
            key = configuredKey.filter(k -> !k.isBlank()).map(Secrets::key).orElse(null);
        } catch (IllegalStateException e) {
            throw FailedStart.stop(e.getMessage(), e);
        }
    }

    /** Parses a configured key: base64 of 16, 24 or 32 bytes, or the start fails naming the property. */
    public static SecretKeySpec key(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "Configuration property plugin.secrets.key must be base64 (of 32 random bytes)");
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalStateException(
                    "Configuration property plugin.secrets.key must be the base64 of 16, 24 or 32 bytes, not "
                            + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    public boolean hasKey() {
        return key != null;
    }

    /** The value as it is to be stored: sealed when a key is set, as it is otherwise. */
    public String seal(String purpose, String plain) {
        return plain == null || key == null ? plain : seal(key, purpose, plain);
    }

    /** Seals with the given key (the same format as {@link #seal(String, String)}). */
    public static String seal(SecretKeySpec key, String purpose, String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                                    .put(nonce)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A secret could not be encrypted", e);
        }
    }

    /**
     * The stored value in clear: opened when sealed, as it is when stored before a key was set.
     *
     * @throws SecretUnreadable when it is sealed and the configured key (if any) cannot open it
     */
    public String open(String purpose, String stored) {
        if (!isSealed(stored)) {
            return stored;
        }
        if (key == null) {
            throw new SecretUnreadable("A stored " + purpose + " is encrypted but plugin.secrets.key is not set:"
                    + " set the key it was encrypted with");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretUnreadable("A stored " + purpose + " cannot be decrypted with plugin.secrets.key:"
                    + " it was encrypted with another key (or altered)");
        }
    }

    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** A sealed secret the configured key cannot open (reaches callers of enterprise beans as it is, not wrapped). */
    @ApplicationException(rollback = true)
    public static final class SecretUnreadable extends IllegalStateException {
        public SecretUnreadable(String message) {
            super(message);
        }
    }
}
