package com.salesrender.plugin.chat.platform;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The bearer-token check of the routes marked {@link BearerToken}: 404 while the token is not configured (the routes
 * are off), 401 without a bearer token, 403 with a wrong one. While a token is rotated, the one it replaces is accepted
 * too, from the property named like it with {@code previous-} ({@code plugin.admin.previous-token}): clients move to
 * the new token one by one, then the previous one is removed.
 */
@Provider
@BearerToken(property = "", name = "")
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenCheck implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        BearerToken required = resource.getResourceClass().getAnnotation(BearerToken.class);
        String expected = ConfigProvider.getConfig()
                .getOptionalValue(required.property(), String.class)
                .filter(token -> !token.isBlank())
                .orElseThrow(() -> ApiError.routeUnknown());
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null
                || !authorization.startsWith(BEARER)
                || authorization.substring(BEARER.length()).isBlank()) {
            throw ApiError.unauthenticated("Authorization: Bearer <" + required.name() + " token> is required");
        }
        String previous = ConfigProvider.getConfig()
                .getOptionalValue(previousProperty(required.property()), String.class)
                .filter(token -> !token.isBlank())
                .orElse(null);
        if (!accepts(authorization.substring(BEARER.length()).trim(), expected, previous)) {
            throw ApiError.forbidden("Wrong " + required.name() + " token");
        }
    }

    /** {@code plugin.admin.token} -> {@code plugin.admin.previous-token}. */
    static String previousProperty(String property) {
        int last = property.lastIndexOf('.') + 1;
        return property.substring(0, last) + "previous-" + property.substring(last);
    }

    /**
     * Whether the presented token is the token or the previous one. Digests first, and both compared every time, so the
     * comparison takes the same time whatever the lengths and whichever matches.
     */
    static boolean accepts(String presented, String token, String previousToken) {
        byte[] digest = sha256(presented);
        boolean current = MessageDigest.isEqual(digest, sha256(token));
        boolean previous = previousToken != null && MessageDigest.isEqual(digest, sha256(previousToken));
        return current | previous;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
