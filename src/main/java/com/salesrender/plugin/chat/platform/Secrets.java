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
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Secrets at rest (a registration's HPT, password settings, a plugin's {@code PluginSecrets}): AES-GCM with the key
 * {@code plugin.secrets.key} (base64 of 16, 24 or 32 bytes; {@code openssl rand -base64 32}). A sealed value is
 * {@code enc:v2:<key id>:} and the base64 of a random 12-byte nonce and the ciphertext with its tag; the key id is the
 * hex of the first 8 bytes of the key's SHA-256, so nobody configures one, and what the value is (its purpose) is bound
 * to it as associated data, so a value cannot be moved to another column. Values of the format before key ids,
 * {@code enc:v1:}, are still read: with the key, then with each previous key.
 *
 * <p>{@code plugin.secrets.previous-keys} (comma-separated keys) rotates the key without losing a value: values sealed
 * with a previous key are still read, values are always sealed with {@code plugin.secrets.key}, and {@link #reseal}
 * brings an old value to the current key (the core's values are resealed by a background sweep).
 *
 * <p>A value without the prefix was stored before the key was set: it is read as it is, and sealed on its next write.
 * Without a key values are stored as they are (a warning says so once, at start). A malformed key, current or previous,
 * stops the start; a sealed value no configured key opens fails where it is used, loudly, naming the properties.
 * Secrets are never logged (key ids are: they are no secret).
 */
@ApplicationScoped
public class Secrets {

    private static final Logger LOG = Logger.getLogger(Secrets.class.getName());

    static final String KEY_PROPERTY = "plugin.secrets.key";
    static final String PREVIOUS_KEYS_PROPERTY = "plugin.secrets.previous-keys";

    /** The format before key ids: no way to tell which key sealed it but to try them. */
    static final String V1 = "enc:v1:";

    static final String V2 = "enc:v2:";
    private static final int KEY_ID_BYTES = 8;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @ConfigProperty(name = KEY_PROPERTY)
    Optional<String> configuredKey;

    @Inject
    @ConfigProperty(name = PREVIOUS_KEYS_PROPERTY)
    Optional<String> configuredPreviousKeys;

    private SecretKeySpec key;
    private String keyId;

    /** By key id, in the configured order. */
    private Map<String, SecretKeySpec> previousKeys = Map.of();

    /** Checked (and the missing key reported) when the application starts, not at the first secret. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object start) {
        if (key == null) {
            LOG.warning("plugin.secrets.key is not set: registration HPTs and password settings are stored unencrypted."
                    + " Set it to the base64 of 32 random bytes (openssl rand -base64 32).");
        } else {
            LOG.info(() -> "Secrets are sealed with the key of id " + keyId
                    + (previousKeys.isEmpty()
                            ? ""
                            : "; also read with the previous keys of ids " + previousKeys.keySet()));
        }
    }

    @PostConstruct
    void init() {
        try {
            key = configuredKey
                    .filter(k -> !k.isBlank())
                    .map(k -> key(k, KEY_PROPERTY))
                    .orElse(null);
            keyId = key == null ? null : keyId(key);
            previousKeys = previousKeys(configuredPreviousKeys.orElse(""));
        } catch (IllegalStateException e) {
            throw FailedStart.stop(e.getMessage(), e);
        }
    }

    /** Parses {@code plugin.secrets.key}: base64 of 16, 24 or 32 bytes, or the start fails naming the property. */
    public static SecretKeySpec key(String base64) {
        return key(base64, KEY_PROPERTY);
    }

    private static SecretKeySpec key(String base64, String property) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "Configuration property " + property + " must be base64 (of 32 random bytes)");
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalStateException("Configuration property " + property
                    + " must be the base64 of 16, 24 or 32 bytes, not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** The previous keys by id; each one malformed, repeated or equal to the key stops the start (never shown). */
    private Map<String, SecretKeySpec> previousKeys(String configured) {
        if (configured.isBlank()) {
            return Map.of();
        }
        if (key == null) {
            throw new IllegalStateException("Configuration property " + PREVIOUS_KEYS_PROPERTY + " is set but "
                    + KEY_PROPERTY + " is not: set the key values are to be sealed with as " + KEY_PROPERTY);
        }
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        String[] entries = configured.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String where = PREVIOUS_KEYS_PROPERTY + " (key " + (i + 1) + " of " + entries.length + ")";
            if (entries[i].isBlank()) {
                throw new IllegalStateException(
                        "Configuration property " + where + " is empty: list the keys separated by single commas");
            }
            SecretKeySpec previous = key(entries[i], where);
            String id = keyId(previous);
            if (id.equals(keyId)) {
                throw new IllegalStateException(
                        "Configuration property " + where + " is " + KEY_PROPERTY + " itself: list only older keys");
            }
            if (keys.putIfAbsent(id, previous) != null) {
                throw new IllegalStateException("Configuration property " + where + " is listed twice");
            }
        }
        return Collections.unmodifiableMap(keys); // in the order given: the one most likely to open a value first
    }

    /** The id sealed values carry: the hex of the first 8 bytes of the key's SHA-256 (16 characters). */
    public static String keyId(SecretKeySpec key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, KEY_ID_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public boolean hasKey() {
        return key != null;
    }

    public boolean hasPreviousKeys() {
        return !previousKeys.isEmpty();
    }

    /** The value as it is to be stored: sealed with the key when one is set, as it is otherwise. */
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
            return V2 + keyId(key) + ":"
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
     * The stored value in clear: opened when sealed (with the key its id names, or for a value without one, the first
     * configured key that opens it), as it is when stored before a key was set.
     *
     * @throws SecretUnreadable when it is sealed and no configured key opens it
     */
    public String open(String purpose, String stored) {
        return opened(purpose, stored).plain();
    }

    /**
     * The stored value sealed again with the key when it is sealed otherwise (with a previous key, or in the format
     * before key ids); the same string when it is sealed with the key already, or not sealed (or there is no key).
     *
     * @throws SecretUnreadable when it needs resealing and no configured key opens it
     */
    public String reseal(String purpose, String stored) {
        return needsReseal(stored) ? seal(key, purpose, open(purpose, stored)) : stored;
    }

    /** Whether {@link #reseal} would change the stored value (it is sealed, but not with the key in this format). */
    public boolean needsReseal(String stored) {
        return key != null && isSealed(stored) && !stored.startsWith(V2 + keyId + ":");
    }

    /**
     * Whether the stored value opens with a previous key only: what would be lost if the previous keys were removed
     * now. A value no configured key opens is not counted (it is lost already).
     */
    public boolean needsPreviousKey(String purpose, String stored) {
        if (previousKeys.isEmpty() || !needsReseal(stored)) {
            return false;
        }
        try {
            return opened(purpose, stored).key() != key;
        } catch (SecretUnreadable e) {
            return false;
        }
    }

    /**
     * The beginnings of the stored values {@link #reseal} may change and a configured key may open: the format before
     * key ids and each previous key's. A value with another key id is left alone (no key here opens it). Letters,
     * digits and colons only, so they are safe in a {@code LIKE} pattern; none without a key.
     */
    public List<String> resealablePrefixes() {
        if (key == null) {
            return List.of();
        }
        List<String> prefixes = new ArrayList<>();
        prefixes.add(V1);
        previousKeys.keySet().forEach(id -> prefixes.add(V2 + id + ":"));
        return List.copyOf(prefixes);
    }

    /** Whether it has the prefix of a sealed value (of either format). */
    public static boolean isSealed(String stored) {
        return stored != null && (stored.startsWith(V1) || stored.startsWith(V2));
    }

    private record Opened(String plain, SecretKeySpec key) {}

    private Opened opened(String purpose, String stored) {
        if (!isSealed(stored)) {
            return new Opened(stored, null);
        }
        if (key == null) {
            throw new SecretUnreadable("A stored " + purpose + " is encrypted but plugin.secrets.key is not set:"
                    + " set the key it was encrypted with");
        }
        if (stored.startsWith(V1)) {
            byte[] sealed = decode(purpose, stored.substring(V1.length()));
            List<SecretKeySpec> candidates = new ArrayList<>();
            candidates.add(key);
            candidates.addAll(previousKeys.values());
            for (SecretKeySpec candidate : candidates) {
                Optional<String> plain = decrypt(candidate, purpose, sealed);
                if (plain.isPresent()) {
                    return new Opened(plain.get(), candidate);
                }
            }
            throw unreadable(purpose, "it was encrypted with another key (or altered)");
        }
        int idEnd = stored.indexOf(':', V2.length());
        String id = idEnd < 0 ? "" : stored.substring(V2.length(), idEnd);
        SecretKeySpec named = id.equals(keyId) ? key : previousKeys.get(id);
        if (named == null) {
            throw unreadable(purpose, "it was encrypted with another key");
        }
        return new Opened(
                decrypt(named, purpose, decode(purpose, stored.substring(idEnd + 1)))
                        .orElseThrow(() -> unreadable(purpose, "it was altered")),
                named);
    }

    private static byte[] decode(String purpose, String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
                throw unreadable(purpose, "it is cut short");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw unreadable(purpose, "it was altered");
        }
    }

    /** The plain text, or empty when the key does not open it (another key, another purpose, altered). */
    private static Optional<String> decrypt(SecretKeySpec key, String purpose, byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return Optional.of(new String(
                    cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static SecretUnreadable unreadable(String purpose, String why) {
        return new SecretUnreadable("A stored " + purpose + " cannot be decrypted with plugin.secrets.key or any of "
                + PREVIOUS_KEYS_PROPERTY + ": " + why);
    }

    /** A sealed secret no configured key opens (reaches callers of enterprise beans as it is, not wrapped). */
    @ApplicationException(rollback = true)
    public static final class SecretUnreadable extends IllegalStateException {
        public SecretUnreadable(String message) {
            super(message);
        }
    }
}
