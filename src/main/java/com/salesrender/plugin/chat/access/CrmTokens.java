package com.salesrender.plugin.chat.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.JsonBodies;
import com.salesrender.plugin.chat.platform.SelfAddress;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;

/** Verifies the RS512 tokens the CRM sends (registration, special and protected requests). */
@ApplicationScoped
public class CrmTokens {

    private static final Logger LOG = Logger.getLogger(CrmTokens.class.getName());

    /** A CRM token is a few hundred bytes; anything far larger is refused before parsing. */
    static final int MAX_TOKEN_LENGTH = 64 * 1024;

    @Inject
    @ConfigProperties
    SelfAddress self;

    @Inject
    @ConfigProperties
    TokenOptions options;

    @Inject
    CrmPublicKeys keys;

    private TokenRules rules;

    @PostConstruct
    void init() {
        rules = new TokenRules(self.uri(), options.scheme, options.hostnames, options.clockSkew);
    }

    public TokenRules rules() {
        return rules;
    }

    /** The verified token, or {@link AccessDenied} saying why not. */
    public CrmToken verify(String token) {
        if (token == null || token.chars().filter(c -> c == '.').count() != 2) {
            throw new AccessDenied(
                    "The JWT string must have two dots"); // the reference's words, for a missing token too
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new AccessDenied("Token is too large");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token.trim());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw new AccessDenied("Token is malformed");
        }
        URI keyUri;
        try {
            keyUri = rules.check(jwt.getHeader(), claims, Instant.now());
        } catch (AccessDenied e) {
            throw e;
        } catch (RuntimeException e) {
            // A claim of a shape no rule foresaw: refused like any malformed token, one line in the log.
            LOG.fine(() -> "Token refused, claims of an unexpected shape: " + e);
            throw new AccessDenied("Token is malformed");
        }
        keys.verifiedKey(new KeyAddress(keyUri), key -> signedWith(jwt, key));

        JsonObject payload = readJson(jwt.getPayload().toString());
        return new CrmToken(rules.trustedIssuer(claims.getIssuer()), reference(payload), payload);
    }

    private static boolean signedWith(SignedJWT jwt, RSAPublicKey key) {
        try {
            return jwt.verify(new RSASSAVerifier(key));
        } catch (JOSEException | RuntimeException e) {
            return false;
        }
    }

    private static JsonObject readJson(String json) {
        try {
            JsonValue claims = JsonBodies.read(json);
            if (claims.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new AccessDenied("Token claims are not a JSON object");
            }
            return claims.asJsonObject();
        } catch (JsonException | IllegalStateException e) {
            throw new AccessDenied("Token claims are not a JSON object");
        }
    }

    private static PluginReference reference(JsonObject payload) {
        JsonValue plugin = payload.get("plugin");
        if (plugin == null || plugin.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new AccessDenied("Token claim plugin is missing");
        }
        try {
            return new PluginReference(
                    scalar(payload.get("cid")),
                    scalar(plugin.asJsonObject().get("alias")),
                    scalar(plugin.asJsonObject().get("id")));
        } catch (IllegalArgumentException e) {
            throw new AccessDenied("Token " + e.getMessage());
        }
    }

    /** Company and plugin ids come as strings or integers. */
    private static String scalar(JsonValue value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value instanceof JsonNumber n && n.isIntegral()) {
            return n.bigIntegerValue().toString();
        }
        return null;
    }
}
