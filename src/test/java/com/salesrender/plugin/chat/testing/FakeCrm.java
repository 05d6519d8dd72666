package com.salesrender.plugin.chat.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CRM, played by the test JVM: a real HTTP server that publishes its RSA public keys at
 * {@code /pkey/{id}} (counting every fetch) and signs real RS512 tokens with the private keys.
 */
public final class FakeCrm implements AutoCloseable {

    /** The plugin's self URI in the IT server's configuration (arquillian.xml). */
    public static final String SELF_URI = "http://plugin.test/";

    private final HttpServer server;
    private final Map<String, String> publishedPems = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> keyFetches = new ConcurrentHashMap<>();
    private final SigningKey key;

    public FakeCrm() throws IOException {
        server = HttpServer.create(new InetSocketAddress(0), 0);
        server.createContext("/pkey/", this::servePublicKey);
        server.start();
        key = newKey(true);
    }

    /** The issuer the plugin trusts in tests: {@code http://localhost:<port>/}. */
    public String issuer() {
        return "http://localhost:" + server.getAddress().getPort() + "/";
    }

    /** The same server under a host name the plugin does not trust. */
    public String untrustedIssuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public SigningKey key() {
        return key;
    }

    /** A fresh RSA key; published at /pkey/{id} or not. */
    public SigningKey newKey(boolean publish) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            byte[] der = pair.getPublic().getEncoded();
            String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END PUBLIC KEY-----\n";
            if (publish) {
                publishedPems.put(id, pem);
            }
            return new SigningKey(id, (RSAPrivateKey) pair.getPrivate(), pem);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public int keyFetches(String keyId) {
        AtomicInteger count = keyFetches.get(keyId);
        return count == null ? 0 : count.get();
    }

    /** Standard claims of a CRM token for this plugin reference, valid for five minutes. */
    public JsonObjectBuilder claims(Company company) {
        long now = System.currentTimeMillis() / 1000;
        return Json.createObjectBuilder()
                .add("iss", issuer())
                .add("aud", SELF_URI)
                .add("iat", now)
                .add("exp", now + 300)
                .add("jti", java.util.UUID.randomUUID().toString())
                .add("cid", company.companyId())
                .add("plugin", Json.createObjectBuilder().add("alias", company.alias()).add("id", company.pluginId()));
    }

    public String registrationToken(Company company, String hpt) {
        return sign(claims(company).add("HPT", hpt).add("country", "US").add("currency", "USD").build());
    }

    public String sendToken(Company company, JsonObject body) {
        return sign(claims(company).add("body", body).build());
    }

    /** RS512 with the published key, {@code pkey} header naming it. */
    public String sign(JsonObject claims) {
        return sign(claims, key);
    }

    public String sign(JsonObject claims, SigningKey signingKey) {
        return sign(claims, signingKey.id(), signingKey);
    }

    /** RS512 with {@code signingKey}, but naming {@code keyId} (null: no pkey header). */
    public String sign(JsonObject claims, String keyId, SigningKey signingKey) {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS512);
        if (keyId != null) {
            header.customParam("pkey", keyId);
        }
        JWSObject jws = new JWSObject(header.build(), new Payload(claims.toString()));
        try {
            jws.sign(new RSASSASigner(signingKey.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    private void servePublicKey(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/pkey/".length());
        keyFetches.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        String pem = publishedPems.get(id);
        byte[] body = (pem == null ? "not found" : pem).getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(pem == null ? 404 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** An RSA signing key and the id the CRM publishes it under. */
    public record SigningKey(String id, RSAPrivateKey privateKey, String pem) {
    }
}
