package com.salesrender.plugin.chat.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final TokenRules rules = new TokenRules(
            "https://plugin.example.com/",
            "https",
            "backend.leadvertex.com, backend.salesrender.com",
            Duration.ofSeconds(30));

    private static JWSHeader header(String keyId) {
        return new JWSHeader.Builder(JWSAlgorithm.RS512)
                .customParam("pkey", keyId)
                .build();
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer("https://backend.salesrender.com/")
                .audience("https://plugin.example.com/")
                .expirationTime(Date.from(NOW.plusSeconds(60)));
    }

    private String denied(JWSHeader header, JWTClaimsSet claims) {
        return assertThrows(AccessDenied.class, () -> rules.check(header, claims, NOW))
                .getMessage();
    }

    @Test
    void validTokenNamesTheIssuersKeyUri() {
        assertEquals(
                URI.create("https://backend.salesrender.com/pkey/abc123"),
                rules.check(header("abc123"), claims().build(), NOW));
    }

    @Test
    void keyUriKeepsTheIssuerPortAndDropsItsPath() {
        JWTClaimsSet claims = claims().issuer("https://eu.backend.salesrender.com:8443/some/path")
                .build();
        assertEquals(
                URI.create("https://eu.backend.salesrender.com:8443/pkey/k"), rules.check(header("k"), claims, NOW));
    }

    @Test
    void subdomainsOfAllowedHostsAreAllowed() {
        assertTrue(rules.isAllowedHost("backend.salesrender.com"));
        assertTrue(rules.isAllowedHost("EU.Backend.SalesRender.com"));
        assertFalse(rules.isAllowedHost("evilbackend.salesrender.com"));
        assertFalse(rules.isAllowedHost("backend.salesrender.com.evil.test"));
        assertFalse(rules.isAllowedHost("salesrender.com"));
    }

    @Test
    void onlyRs512IsAccepted() {
        for (JWSAlgorithm alg :
                List.of(JWSAlgorithm.RS256, JWSAlgorithm.HS512, JWSAlgorithm.PS512, JWSAlgorithm.ES512)) {
            JWSHeader header =
                    new JWSHeader.Builder(alg).customParam("pkey", "k").build();
            assertEquals("Token must be signed with RS512", denied(header, claims().build()));
        }
    }

    @Test
    void keyIdMustBePresentAndPlain() {
        denied(new JWSHeader.Builder(JWSAlgorithm.RS512).build(), claims().build());
        denied(header("../../admin"), claims().build());
        denied(header("a/b"), claims().build());
        denied(header("k?x=1"), claims().build());
        denied(header("k".repeat(129)), claims().build());
        denied(new JWSHeader.Builder(JWSAlgorithm.RS512).customParam("pkey", 42).build(), claims().build());
    }

    @Test
    void audienceMustBeThisPlugin() {
        denied(header("k"), claims().audience("https://other.example.com/").build());
        denied(
                header("k"),
                claims().audience(List.of("https://plugin.example.com/", "https://other.example.com/"))
                        .build());
        denied(header("k"), claims().audience((String) null).build());
        // a missing trailing slash is the same URI
        rules.check(header("k"), claims().audience("https://plugin.example.com").build(), NOW);
    }

    @Test
    void issuerSchemeAndHostAreChecked() {
        assertEquals(
                "Token issuer must use https",
                denied(
                        header("k"),
                        claims().issuer("http://backend.salesrender.com/").build()));
        assertEquals(
                "Token issuer host is not allowed",
                denied(header("k"), claims().issuer("https://evil.test/").build()));
        denied(
                header("k"),
                claims().issuer("https://backend.salesrender.com@evil.test/").build());
        denied(
                header("k"),
                claims().issuer("https://evil.test@backend.salesrender.com/").build());
        denied(header("k"), claims().issuer(null).build());
        denied(header("k"), claims().issuer("not a uri").build());
    }

    @Test
    void expiryAndNotBeforeAreEnforcedWithClockSkew() {
        assertEquals(
                "Token has expired",
                denied(
                        header("k"),
                        claims().expirationTime(Date.from(NOW.minusSeconds(31))).build()));
        rules.check(
                header("k"),
                claims().expirationTime(Date.from(NOW.minusSeconds(29))).build(),
                NOW);
        assertEquals(
                "Token is not valid yet",
                denied(
                        header("k"),
                        claims().notBeforeTime(Date.from(NOW.plusSeconds(31))).build()));
        rules.check(
                header("k"),
                claims().notBeforeTime(Date.from(NOW.plusSeconds(29))).build(),
                NOW);
    }

    @Test
    void anAudienceOfNullIsRefused() throws Exception {
        JWTClaimsSet claims = JWTClaimsSet.parse("{\"iss\":\"https://backend.salesrender.com/\",\"aud\":[null]}");
        assertEquals("Audience mismatched 'null'", denied(header("k"), claims));
    }

    @Test
    void anIssuerPortOutOfRangeIsRefusedBeforeAnyFetch() {
        assertEquals(
                "Token issuer port is out of range",
                denied(
                        header("k"),
                        claims().issuer("https://backend.salesrender.com:99999/")
                                .build()));
        assertEquals(
                "Token issuer port is out of range",
                denied(
                        header("k"),
                        claims().issuer("https://backend.salesrender.com:0/").build()));
    }

    @Test
    void anIssuerLongerThanTheStoredClusterUriIsRefused() {
        String issuer = "https://backend.salesrender.com/" + "p".repeat(TokenRules.MAX_ISSUER);
        assertTrue(denied(header("k"), claims().issuer(issuer).build()).contains("longer"));
    }

    @Test
    void theKeyAddressIsTheIssuersHostInLowerCase() {
        JWTClaimsSet claims =
                claims().issuer("https://EU.Backend.SalesRender.com/").build();
        assertEquals(URI.create("https://eu.backend.salesrender.com/pkey/k"), rules.check(header("k"), claims, NOW));
    }
}
