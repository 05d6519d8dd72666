package com.salesrender.plugin.chat.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginClient.Answer;
import com.salesrender.plugin.chat.testkit.PluginTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * {@code PUT /registration} and the token rules, against the deployed plugin and a CRM played by the test JVM. Every
 * forged token is refused with 403 and stores nothing.
 */
@PluginTest
@RunAsClient
class CrmAccessIT {

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    @Kit
    PluginClient plugin;

    @Kit
    Company company;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithRecordingGateway();
    }

    @Test
    void registrationIsStoredAndTheKeyFetchedOnce() {
        Answer first = plugin.register(crm, company, "hpt-1");
        assertEquals(200, first.status(), first.body());
        assertEquals(Json.createObjectBuilder().add("registered", true).build(), first.object());

        JsonObject stored = registration(company).object();
        assertEquals("hpt-1", stored.getString("hpt"));
        assertEquals(crm.issuer(), stored.getString("clusterUri"));
        assertEquals("US", stored.getString("country"));
        assertEquals("USD", stored.getString("currency"));

        assertEquals(200, plugin.register(crm, Company.fresh(), "hpt-2").status());
        assertEquals(1, crm.keyFetches(crm.key().id()), "a verified key is cached, not fetched per token");
    }

    /** Key fetches (and the status and incoming requests, see CrmRoundTripIT) speak HTTP/1.1 as the reference. */
    @Test
    void keyFetchesDoNotAskToUpgrade() {
        FakeCrm.SigningKey key = crm.newKey(true);
        String token = crm.sign(
                crm.claims(Company.fresh())
                        .add("HPT", "hpt")
                        .add("country", "US")
                        .add("currency", "USD")
                        .build(),
                key);
        assertEquals(
                200,
                plugin.put("registration", PluginClient.body("registration", token))
                        .status());
        assertEquals(1, crm.keyFetches(key.id()));
        assertEquals(0, crm.requestsAskingToUpgrade());
    }

    @Test
    void reRegistrationReplacesTheOldOne() {
        assertEquals(200, plugin.register(crm, company, "old-hpt").status());
        assertEquals(200, plugin.register(crm, company, "new-hpt").status());

        JsonObject stored = registration(company).object();
        assertEquals("new-hpt", stored.getString("hpt"));
        assertEquals(1, stored.getInt("count"));
    }

    @Test
    void tokenSignedWithAnotherKeyIsRefused() {
        FakeCrm.SigningKey stranger = crm.newKey(false);
        String token = crm.sign(registrationClaims(), crm.key().id(), stranger);
        assertRefused(token);
    }

    @Test
    void unsignedTokenIsRefused() {
        String header = base64Url(Json.createObjectBuilder()
                .add("alg", "none")
                .add("pkey", crm.key().id())
                .build()
                .toString());
        String token = header + "." + base64Url(registrationClaims().toString()) + ".";
        assertRefused(token);
    }

    @Test
    void hs512TokenKeyedWithThePublicKeyIsRefused() throws JOSEException {
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.HS512)
                        .customParam("pkey", crm.key().id())
                        .build(),
                new Payload(registrationClaims().toString()));
        jws.sign(new MACSigner(crm.key().pem().getBytes(StandardCharsets.US_ASCII)));
        assertRefused(jws.serialize());
    }

    @Test
    void expiredTokenIsRefused() {
        long now = System.currentTimeMillis() / 1000;
        assertRefused(crm.sign(Json.createObjectBuilder(registrationClaims())
                .add("exp", now - 300)
                .build()));
    }

    @Test
    void tokenForAnotherPluginIsRefused() {
        assertRefused(crm.sign(Json.createObjectBuilder(registrationClaims())
                .add("aud", "https://other-plugin.test/")
                .build()));
    }

    @Test
    void tokenWithoutKeyIdIsRefused() {
        assertRefused(crm.sign(registrationClaims(), null, crm.key()));
    }

    @Test
    void issuerOnAnotherSchemeIsRefused() {
        String issuer = crm.issuer().replace("http://", "https://");
        assertRefused(crm.sign(Json.createObjectBuilder(registrationClaims())
                .add("iss", issuer)
                .build()));
    }

    @Test
    void untrustedIssuerHostIsRefusedWithoutFetchingItsKey() {
        FakeCrm.SigningKey key = crm.newKey(true);
        String token = crm.sign(
                Json.createObjectBuilder(registrationClaims())
                        .add("iss", crm.untrustedIssuer())
                        .build(),
                key);
        assertRefused(token);
        assertEquals(0, crm.keyFetches(key.id()), "no key is fetched from a host that is not allowed");
    }

    @Test
    void unpublishedKeyIsRefusedWithoutAServerError() {
        FakeCrm.SigningKey unpublished = crm.newKey(false);
        assertRefused(crm.sign(registrationClaims(), unpublished));
        assertEquals(1, crm.keyFetches(unpublished.id()));
    }

    @Test
    void infoDescribesThePlugin() {
        Answer info = plugin.get("info");
        assertEquals(200, info.status(), info.body());
        JsonObject json = info.object();
        assertEquals("CHAT", json.getString("type"));
        assertEquals("Echo chat", json.getString("name"));
        JsonObject capabilities = json.getJsonObject("extra").getJsonObject("capabilities");
        assertEquals("phone", json.getJsonObject("extra").getString("contactType"));
        assertEquals(
                Json.createArrayBuilder()
                        .add("sent")
                        .add("delivered")
                        .add("read")
                        .add("error")
                        .build(),
                capabilities.getJsonObject("messages").getJsonArray("statuses"));
        assertEquals(
                Json.createArrayBuilder().add("file").add("image").add("voice").build(),
                capabilities.getJsonArray("attachments"));
        assertEquals("en_US", json.getJsonObject("languages").getString("default"));
        assertEquals("support@salesrender.com", json.getJsonObject("developer").getString("email"));
        assertEquals("salesrender.com", json.getJsonObject("developer").getString("hostname"));
        Answer icon = plugin.get("icon.png");
        assertEquals(200, icon.status());
    }

    @Test
    void malformedBodiesAreRefused() {
        assertEquals(400, plugin.put("registration", "not json").status());
        assertEquals(400, plugin.put("registration", "[]").status());
        Answer noToken = plugin.put("registration", "{}");
        assertEquals(403, noToken.status());
        assertEquals(403, noToken.object().getInt("code"));
        assertEquals(
                403,
                plugin.put("registration", PluginClient.body("registration", "a.b.c"))
                        .status());
    }

    @Test
    void registrationWithoutSecretIsRefused() {
        Answer answer = plugin.put(
                "registration",
                PluginClient.body(
                        "registration",
                        crm.sign(crm.claims(company)
                                .add("country", "US")
                                .add("currency", "USD")
                                .build())));
        assertEquals(400, answer.status(), answer.body());
        assertEquals(404, registration(company).status());
    }

    // ---------------------------------------------------------------- the key fetch

    @Test
    void twentyTokensNamingOneMissingKeyMakeOneFetch() throws Exception {
        FakeCrm.SigningKey unpublished = crm.newKey(false);
        List<Answer> answers = concurrently(
                20,
                i -> plugin.put(
                        "registration",
                        PluginClient.body(
                                "registration",
                                crm.sign(
                                        crm.claims(Company.fresh())
                                                .add("HPT", "h")
                                                .add("country", "US")
                                                .add("currency", "USD")
                                                .build(),
                                        unpublished))));
        answers.forEach(a -> assertEquals(403, a.status(), a.body()));
        assertEquals(
                1,
                answers.stream()
                        .map(a -> a.object().getString("message"))
                        .distinct()
                        .count(),
                "one message");
        assertEquals(
                1,
                crm.keyFetches(unpublished.id()),
                "a missing key is remembered, and concurrent requests share a fetch");
        assertRefused(crm.sign(registrationClaims(), unpublished));
        assertEquals(1, crm.keyFetches(unpublished.id()), "and not fetched again for a while");
    }

    @Test
    void everyFetchFailureAnswersTheSameMessage() throws Exception {
        FakeCrm.SigningKey missing = crm.newKey(false);
        FakeCrm.SigningKey notAKey = crm.newKey(false);
        crm.publishRaw(notAKey.id(), "not a key".getBytes(StandardCharsets.US_ASCII));
        FakeCrm.SigningKey tooLarge = crm.newKey(false);
        crm.publishRaw(
                tooLarge.id(),
                ("-----BEGIN PUBLIC KEY-----\n" + "A".repeat(40_000)).getBytes(StandardCharsets.US_ASCII));
        FakeCrm.SigningKey trickled = crm.newKey(false);
        crm.trickleKey(trickled.id());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Set<String> messages = new HashSet<>();
        for (FakeCrm.SigningKey key : List.of(missing, notAKey, tooLarge, trickled)) {
            messages.add(refusal(crm.sign(registrationClaims(), key)));
        }
        messages.add(refusal(crm.sign(
                Json.createObjectBuilder(registrationClaims())
                        .add("iss", "http://localhost:" + closedPort + "/")
                        .build(),
                missing)));
        assertEquals(1, messages.size(), "a closed port, a 404, a slow, large or wrong answer look alike: " + messages);
        assertEquals(1, crm.keyFetches(trickled.id()));
    }

    @Test
    void aKeyFromOneHostNeverVerifiesATokenNamingAnother() throws Exception {
        try (FakeCrm other = new FakeCrm()) {
            FakeCrm.SigningKey otherKey = other.key();
            Company first = Company.fresh();
            Answer fromOther =
                    plugin.put("registration", PluginClient.body("registration", other.registrationToken(first, "h")));
            assertEquals(200, fromOther.status(), fromOther.body());
            // The same key id and key, but the token names the first CRM, which never published that key.
            String token = crm.sign(registrationClaims(), otherKey.id(), otherKey);
            assertRefused(token);
            assertEquals(
                    1, crm.keyFetches(otherKey.id()), "the key is looked up where the token's issuer publishes it");
        }
    }

    @Test
    void keyFetchesOverTheCapAreRefusedNotQueued() throws Exception {
        crm.holdKeys();
        List<FakeCrm.SigningKey> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            keys.add(crm.newKey(false));
        }
        ExecutorService pool = Executors.newFixedThreadPool(keys.size());
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (FakeCrm.SigningKey key : keys) {
                answers.add(pool.submit(() -> plugin.put(
                        "registration",
                        PluginClient.body(
                                "registration",
                                crm.sign(
                                        crm.claims(Company.fresh())
                                                .add("HPT", "h")
                                                .add("country", "US")
                                                .add("currency", "USD")
                                                .build(),
                                        key)))));
            }
            assertTrue(
                    PluginClient.eventually(
                            Duration.ofSeconds(20),
                            () -> answers.stream().filter(Future::isDone).count() == 2),
                    "two requests over the cap of 4 answered");
            crm.releaseKeys();
            for (Future<Answer> answer : answers) {
                assertEquals(403, answer.get(30, TimeUnit.SECONDS).status());
            }
        } finally {
            crm.releaseKeys();
            pool.shutdownNow();
        }
        assertEquals(
                4,
                keys.stream().mapToInt(k -> crm.keyFetches(k.id())).sum(),
                "at most 4 fetches at once, the rest refused");
    }

    // ---------------------------------------------------------------- registration order

    @Test
    void aReplayedOlderRegistrationDoesNotRollBack() {
        long now = System.currentTimeMillis() / 1000;
        String older = crm.sign(crm.claims(company)
                .add("iat", now - 60)
                .add("HPT", "old")
                .add("country", "US")
                .add("currency", "USD")
                .build());
        String newer = crm.sign(crm.claims(company)
                .add("iat", now)
                .add("HPT", "new")
                .add("country", "US")
                .add("currency", "USD")
                .build());
        assertEquals(
                200,
                plugin.put("registration", PluginClient.body("registration", newer))
                        .status());
        Answer replay = plugin.put("registration", PluginClient.body("registration", older));
        assertEquals(403, replay.status(), replay.body());
        assertEquals("new", registration(company).object().getString("hpt"));
        assertEquals(
                200,
                plugin.put("registration", PluginClient.body("registration", newer))
                        .status(),
                "the same token again is fine");
    }

    @Test
    void tokensWithoutExpOrIatKeepWorking() {
        JsonObject claims = Json.createObjectBuilder(registrationClaims())
                .remove("exp")
                .remove("iat")
                .build();
        Answer answer = plugin.put("registration", PluginClient.body("registration", crm.sign(claims)));
        assertEquals(200, answer.status(), answer.body());
        assertEquals("secret", registration(company).object().getString("hpt"));
    }

    private String refusal(String token) {
        Answer answer = plugin.put("registration", PluginClient.body("registration", token));
        assertEquals(403, answer.status(), answer.body());
        return answer.object().getString("message");
    }

    private static <T> List<T> concurrently(int count, IntFunction<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(n);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private JsonObject registrationClaims() {
        return crm.claims(company)
                .add("HPT", "secret")
                .add("country", "US")
                .add("currency", "USD")
                .build();
    }

    private void assertRefused(String token) {
        Answer answer = plugin.put("registration", PluginClient.body("registration", token));
        assertEquals(403, answer.status(), answer.body());
        assertEquals(403, answer.object().getInt("code"));
        assertNotEquals("", answer.object().getString("message"));
        assertEquals(404, registration(company).status(), "a refused registration stores nothing");
        assertTrue(answer.body().length() < 500, "no stack trace in the answer");
    }

    private Answer registration(Company c) {
        return plugin.get("test-probe/registration/" + c.companyId() + "/" + c.alias() + "/" + c.pluginId());
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
