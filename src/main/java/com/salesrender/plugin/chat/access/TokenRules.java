package com.salesrender.plugin.chat.access;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The checks on a CRM token that come before its signature: algorithm, key id, audience, issuer scheme and host, time
 * window. The issuer is checked first so that no key is ever fetched from a host we do not trust.
 */
public final class TokenRules {

    /** Key ids are hashes; anything else is refused before it can shape a URL. */
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    /** The issuer is stored as the registration's cluster URI: no longer than its column. */
    static final int MAX_ISSUER = 1024;

    private final String selfUri;
    private final String scheme;
    private final List<String> hostnames;
    private final Duration clockSkew;

    public TokenRules(String selfUri, String scheme, String hostnames, Duration clockSkew) {
        this.selfUri = withoutTrailingSlash(selfUri);
        this.scheme = scheme.trim().toLowerCase(Locale.ROOT);
        this.hostnames = Arrays.stream(hostnames.split(","))
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty())
                .toList();
        this.clockSkew = clockSkew;
    }

    /** Checks the header and claims; answers where the issuer's public key is published. */
    public URI check(JWSHeader header, JWTClaimsSet claims, Instant now) {
        if (!JWSAlgorithm.RS512.equals(header.getAlgorithm())) {
            throw new AccessDenied("Token must be signed with RS512");
        }
        Object keyId = header.getCustomParam("pkey");
        if (!(keyId instanceof String id) || !KEY_ID.matcher(id).matches()) {
            throw new AccessDenied("Token header pkey is missing or invalid");
        }
        List<String> audience = claims.getAudience();
        if (audience.size() != 1 || audience.get(0) == null || !selfUri.equals(withoutTrailingSlash(audience.get(0)))) {
            throw new AccessDenied("Audience mismatched '" + String.join(", ", audience) + "'");
        }
        URI issuer = trustedIssuer(claims.getIssuer());
        checkTimeWindow(claims, now);
        return keyUri(issuer, id);
    }

    /** The issuer as a URI, if its scheme and host are the configured ones. */
    public URI trustedIssuer(String issuer) {
        if (issuer == null) {
            throw new AccessDenied("Token issuer is missing");
        }
        if (issuer.length() > MAX_ISSUER) {
            throw new AccessDenied("Token issuer is longer than " + MAX_ISSUER + " characters");
        }
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (URISyntaxException e) {
            throw new AccessDenied("Token issuer is not a URI");
        }
        if (uri.getScheme() == null || !scheme.equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new AccessDenied("Token issuer must use " + scheme);
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null || !isAllowedHost(uri.getHost())) {
            throw new AccessDenied("Token issuer host is not allowed");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new AccessDenied("Token issuer port is out of range");
        }
        return uri;
    }

    boolean isAllowedHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return hostnames.stream().anyMatch(allowed -> h.equals(allowed) || h.endsWith("." + allowed));
    }

    private void checkTimeWindow(JWTClaimsSet claims, Instant now) {
        Date expires = claims.getExpirationTime();
        if (expires != null && now.isAfter(expires.toInstant().plus(clockSkew))) {
            throw new AccessDenied("Token has expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.isBefore(notBefore.toInstant().minus(clockSkew))) {
            throw new AccessDenied("Token is not valid yet");
        }
    }

    private static URI keyUri(URI issuer, String keyId) {
        return KeyAddress.of(issuer, keyId).uri();
    }

    private static String withoutTrailingSlash(String uri) {
        String u = uri.trim();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }
}
