package com.salesrender.plugin.chat.api;

/**
 * Seals a plugin's own secrets (a company's mailbox password, a gateway's OAuth refresh token) with the core's key
 * {@code plugin.secrets.key}, the one that seals registrations and password settings, so the plugin stores them in its
 * own tables without a key of its own. The core provides the bean:
 *
 * <pre>
 * &#64;Inject PluginSecrets secrets;
 * ...
 * row.token = secrets.seal(reference, refreshToken);    // store it
 * String token = secrets.open(reference, row.token);    // use it
 * </pre>
 *
 * A sealed value is bound to its plugin reference: one company's value, copied into another company's row (a bug, a
 * webhook's forged state), does not open as the other's; and it is kept apart from the core's own secrets, so no
 * reference opens a registration's secret. It is text ({@code enc:v2:}, the key's id, {@code :} and base64: 4/3 of the
 * plain text's UTF-8 bytes plus 62 characters), different at each seal (a random nonce), and a change to any character
 * of it is detected.
 *
 * <p>All of them need the key: without {@code plugin.secrets.key} they throw {@link IllegalStateException} rather than
 * keep a secret in clear.
 *
 * <p><b>When the key is rotated</b> (a new {@code plugin.secrets.key}, the old one moved to
 * {@code plugin.secrets.previous-keys}), values sealed with the old key still open, and new seals use the new key. The
 * core reseals its own values in the background, but it cannot reach a plugin's tables: a value is brought to the new
 * key when the plugin writes it again, or when the plugin reseals it, before the operator removes the previous key
 * (after that, {@code open} refuses it):
 *
 * <pre>
 * if (secrets.needsReseal(row.token)) {
 *     row.token = secrets.reseal(reference, row.token);   // store it (only if the row still holds the old value)
 * }
 * </pre>
 */
public interface PluginSecrets {

    /** The plain text sealed for the reference. */
    String seal(PluginReference reference, String plain);

    /**
     * The plain text of a value sealed for the reference.
     *
     * @throws SecretRefused when the value was not sealed for this reference with this key, or was altered (a value
     *     never sealed included: nothing is taken as it is)
     */
    String open(PluginReference reference, String sealed);

    /**
     * Whether the value is sealed otherwise than with the current key: with a previous key
     * ({@code plugin.secrets.previous-keys}), or by a core before key ids ({@code enc:v1:}). {@link #reseal} brings it
     * up to date. False for a value sealed with the current key, and for a value never sealed (which {@code open}
     * refuses). It looks at the value's key id only: it opens nothing.
     */
    boolean needsReseal(String sealed);

    /**
     * The value sealed anew with the current key, for the same reference, to store in place of the old one; the same
     * string when it needs no resealing ({@link #needsReseal} is false).
     *
     * @throws SecretRefused as {@link #open} does (a value sealed with a key that is no longer configured included)
     */
    String reseal(PluginReference reference, String sealed);
}
