package com.salesrender.plugin.chat.admin;

import com.salesrender.plugin.chat.platform.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The operator's key to the admin API: {@code Authorization: Bearer <plugin.admin.token>}. */
@ApplicationScoped
public class AdminAccess {

    @Inject
    @ConfigProperty(name = "plugin.admin.token")
    Optional<String> token;

    /** 401 without a bearer token, 403 with a wrong one (or when no admin token is configured). */
    public void check(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
            throw new ApiError(401, "Authorization: Bearer <admin token> is required");
        }
        String expected = token.filter(t -> !t.isBlank())
                .orElseThrow(() -> new ApiError(403, "The admin API is off: set plugin.admin.token"));
        // Digests first, so the comparison takes the same time whatever the lengths.
        if (!MessageDigest.isEqual(sha256(authorization.substring(7).trim()), sha256(expected))) {
            throw new ApiError(403, "Wrong admin token");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
