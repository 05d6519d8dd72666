package com.example.telegram;

import com.salesrender.plugin.chat.api.PluginReference;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook of a company's bot: its URL, which names the company ({@code <plugin.self-uri>telegram/<companyId>/
 * <alias>/<pluginId>}), and the {@code secret_token} Telegram sends back with every update in the header
 * {@code X-Telegram-Bot-Api-Secret-Token}.
 *
 * <p>The secret is derived, not stored: HMAC-SHA256 keyed by the bot token over the plugin reference, base64url without
 * padding (43 characters of {@code A-Za-z0-9_-}, what Telegram allows). Only someone holding the bot token can compute
 * it, nothing new is kept in the database, and a new token gives a new secret (the webhook is then set again).
 */
final class WebhookSecret {

    /** The header Telegram sends the secret in. */
    static final String HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private WebhookSecret() {}

    static String of(String botToken, PluginReference reference) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(botToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(
                    ("telegram-webhook\n" + reference.companyId() + "\n" + reference.alias() + "\n" + reference.id())
                            .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code given} is the secret, compared in constant time; false when it is missing. */
    static boolean matches(String botToken, PluginReference reference, String given) {
        return given != null
                && MessageDigest.isEqual(
                        of(botToken, reference).getBytes(StandardCharsets.UTF_8),
                        given.getBytes(StandardCharsets.UTF_8));
    }

    /** The URL Telegram posts the company's updates to. */
    static URI url(URI selfUri, PluginReference reference) {
        String base = selfUri.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "telegram/" + segment(reference.companyId()) + "/"
                + segment(reference.alias()) + "/" + segment(reference.id()));
    }

    /** A path segment: every character but the unreserved ones percent-encoded (UTF-8). */
    private static String segment(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
