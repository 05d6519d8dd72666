package com.salesrender.plugin.chat.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CrmRequestSignerTest {

    private static final PluginReference REFERENCE = new PluginReference("42", "chat-plugin", "7");
    private static final String LONG_HPT = "0123456789".repeat(7);

    private static String sign(String hpt) {
        return CrmRequestSigner.sign(
                hpt,
                "https://plugin.example.com/",
                URI.create("https://backend.salesrender.com/"),
                REFERENCE,
                Json.createObjectBuilder()
                        .add("id", "msg-1")
                        .add("status", "read")
                        .build(),
                2_000,
                1_700);
    }

    @Test
    void signsHs512WithTheHptAndTheProtocolClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(sign(LONG_HPT));
        assertEquals(JWSAlgorithm.HS512, jwt.getHeader().getAlgorithm());
        assertTrue(jwt.verify(new MACVerifier(LONG_HPT.getBytes(StandardCharsets.UTF_8))));
        assertFalse(jwt.verify(new MACVerifier(("x" + LONG_HPT).getBytes(StandardCharsets.UTF_8))));

        var claims = jwt.getJWTClaimsSet();
        assertEquals("https://plugin.example.com/", claims.getIssuer());
        assertEquals(List.of("https://backend.salesrender.com/"), claims.getAudience());
        assertEquals("42", claims.getStringClaim("cid"));
        assertEquals(Map.of("alias", "chat-plugin", "id", "7"), claims.getJSONObjectClaim("plugin"));
        assertEquals(Map.of("id", "msg-1", "status", "read"), claims.getJSONObjectClaim("body"));
        assertEquals(2_000_000L, claims.getExpirationTime().getTime());
    }

    @Test
    void theHeaderIsTheProtocolsToTheByte() throws Exception {
        String token = sign(LONG_HPT);
        String header = new String(
                java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        assertEquals("{\"typ\":\"JWT\",\"alg\":\"HS512\"}", header);
        assertEquals(3, token.split("\\.").length);
        // Each request its own jti: the header is shared, the rest is not.
        assertFalse(token.equals(sign(LONG_HPT)));
    }

    @Test
    void shortHptsSignToo() throws Exception {
        // nimbus will not sign or verify HS512 with a key under 64 bytes; the CRM's HPT may be that short.
        JWSObject jws = JWSObject.parse(sign("short"));
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec("short".getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
        assertTrue(MessageDigest.isEqual(
                mac.doFinal(jws.getSigningInput()), jws.getSignature().decode()));
    }
}
