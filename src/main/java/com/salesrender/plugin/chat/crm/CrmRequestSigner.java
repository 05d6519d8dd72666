package com.salesrender.plugin.chat.crm;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.Ids;
import com.salesrender.plugin.chat.platform.Json;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs what the plugin sends to a CRM: an HS512 JWT keyed with the registration's HPT. The JWS is built with nimbus;
 * the HMAC itself is the JDK's ({@link HptSigner}), because nimbus refuses HS512 keys under 64 bytes and the CRM's HPT
 * may be shorter. The header is the same for every request: serialized once.
 */
public final class CrmRequestSigner {

    /** {@code {"typ":"JWT","alg":"HS512"}}, parsed from its own serialization so that nimbus keeps that, not a copy. */
    private static final JWSHeader HEADER;

    static {
        try {
            HEADER = JWSHeader.parse(new JWSHeader.Builder(JWSAlgorithm.HS512)
                    .type(JOSEObjectType.JWT)
                    .build()
                    .toBase64URL());
        } catch (ParseException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CrmRequestSigner() {}

    public static String sign(
            String hpt,
            String selfUri,
            URI clusterUri,
            PluginReference reference,
            JsonValue body,
            long expiresAtSeconds,
            long nowSeconds) {
        String claims = Json.createObjectBuilder()
                .add("iss", selfUri)
                .add("aud", clusterUri.toString())
                .add("cid", reference.companyId())
                .add(
                        "plugin",
                        Json.createObjectBuilder()
                                .add("alias", reference.alias())
                                .add("id", reference.id()))
                .add("body", body)
                .add("iat", nowSeconds)
                .add("exp", expiresAtSeconds)
                .add("jti", Ids.random())
                .build()
                .toString();
        JWSObject jws = new JWSObject(HEADER, new Payload(claims));
        try {
            jws.sign(new HptSigner(hpt));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a CRM request", e);
        }
        return jws.serialize();
    }

    /** HMAC-SHA512 keyed with the HPT as it is, whatever its length. */
    private record HptSigner(String hpt) implements JWSSigner {

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            try {
                Mac mac = Mac.getInstance("HmacSHA512");
                mac.init(new SecretKeySpec(hpt.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
                return Base64URL.encode(mac.doFinal(signingInput));
            } catch (GeneralSecurityException e) {
                throw new JOSEException("HMAC-SHA512 not available", e);
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.HS512);
        }

        @Override
        public JCAContext getJCAContext() {
            return new JCAContext();
        }
    }
}
