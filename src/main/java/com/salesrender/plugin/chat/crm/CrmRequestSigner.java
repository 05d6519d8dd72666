package com.salesrender.plugin.chat.crm;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.util.Base64URL;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.Ids;
import com.salesrender.plugin.chat.platform.Json;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs what the plugin sends to a CRM: an HS512 JWT keyed with the registration's HPT. The JWS is built with nimbus;
 * the HMAC itself is the JDK's, because nimbus refuses HS512 keys under 64 bytes and the CRM's HPT may be shorter.
 */
public final class CrmRequestSigner {

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
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.HS512)
                        .type(JOSEObjectType.JWT)
                        .build(),
                new Payload(claims));
        byte[] signingInput = jws.getSigningInput();
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(hpt.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            Base64URL signature = Base64URL.encode(mac.doFinal(signingInput));
            return new JWSObject(jws.getHeader().toBase64URL(), jws.getPayload().toBase64URL(), signature).serialize();
        } catch (GeneralSecurityException | ParseException e) {
            throw new IllegalStateException("Could not sign a CRM request", e);
        }
    }
}
