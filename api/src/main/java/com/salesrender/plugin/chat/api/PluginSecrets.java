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
 * reference opens a registration's secret. It is text ({@code enc:v1:} and base64: 4/3 of the plain text's UTF-8 bytes
 * plus 45 characters), different at each seal (a random nonce), and a change to any character of it is detected.
 *
 * <p>Both need the key: without {@code plugin.secrets.key} they throw {@link IllegalStateException} rather than keep a
 * secret in clear. A value sealed with another key (the key was changed) cannot be opened.
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
}
