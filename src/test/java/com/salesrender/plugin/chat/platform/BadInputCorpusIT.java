package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.KeyLengthException;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testing.TestHttp;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.FakeCrm.SigningKey;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginTest;
import com.salesrender.plugin.chat.testkit.RawHttp;
import com.salesrender.plugin.chat.testkit.RawHttp.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile and broken input on every route that takes input: forged and malformed CRM tokens, bad JSON, oversized
 * bodies, bad bearer tokens and parameters. Each case is its own test and asserts the 4xx the protocol asks for, the
 * error shape, that no row was stored, and which keys were fetched (none from a host the plugin does not trust: a
 * second fake CRM plays that host and must see no request at all).
 */
@PluginTest
@RunAsClient
class BadInputCorpusIT {

    private static final String GATEWAY_TOKEN = "test-gateway-token";
    private static final String ADMIN_TOKEN = "test-admin-token";
    private static final int MAX_BODY = 1024 * 1024;
    private static final String DEEP = "[".repeat(10_000) + "]".repeat(10_000);
    /** Every company of this class starts with it, so row counts can ignore other test classes' leftovers. */
    private static final String PREFIX =
            "corpus-" + UUID.randomUUID().toString().substring(0, 6) + "-";

    private static final Company HOME = new Company(PREFIX + "home", "chat-plugin", "7");

    @Kit
    static FakeCrm crm;
    /** A host outside plugin.crm.hostnames that publishes its own key: it must never be asked for anything. */
    private static FakeCrm foreign;

    private static SigningKey stranger;
    private static boolean ready;

    @Kit
    PluginClient plugin;

    @ArquillianResource
    URL base;

    /** One server for the whole corpus: the packaged WAR plus the test probes. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithRecordingGateway();
    }

    @BeforeAll
    static void startForeignCrm() throws Exception {
        foreign = new FakeCrm();
        stranger = crm.newKey(false);
    }

    @AfterAll
    static void stopForeignCrm() {
        foreign.close();
    }

    /**
     * Once: registers the home company and checks that good input is accepted on each route, so that every refusal
     * below is owed to the flaw of its case and not to a broken setup.
     */
    @BeforeEach
    void setUpOnce() {
        if (ready) {
            return;
        }
        assertEquals(
                200,
                put("/registration", body("registration", crm.registrationToken(HOME, "hpt")))
                        .status());
        assertEquals(
                200,
                get("/protected/forms/settings", "X-PLUGIN-TOKEN", settingsToken(HOME))
                        .status());
        assertEquals(
                200,
                get("/protected/data/settings", "X-PLUGIN-TOKEN", settingsToken(HOME))
                        .status());
        // Controls that store rows, on companies outside the prefix: the counts of each case are taken after them.
        Company control = Company.fresh();
        assertEquals(
                200,
                put("/registration", body("registration", crm.registrationToken(control, "hpt")))
                        .status());
        assertEquals(
                202,
                post(
                                "/special/send",
                                body(
                                        "request",
                                        crm.sendToken(control, Payloads.text("control-1", "+15550100", "hello"))),
                                null,
                                null)
                        .status());
        assertEquals(
                200,
                send(
                                "PUT",
                                "/protected/data/settings",
                                Map.of("X-PLUGIN-TOKEN", settingsToken(control)),
                                validSettings())
                        .status());
        assertEquals(
                202,
                post(
                                gatewayPath(control, "status"),
                                "{\"id\":\"control-1\",\"status\":\"sent\"}",
                                "Authorization",
                                "Bearer " + GATEWAY_TOKEN)
                        .status());
        assertEquals(
                200,
                get("/admin/api/counts", "Authorization", "Bearer " + ADMIN_TOKEN)
                        .status());
        ready = true;
    }

    // ---------------------------------------------------------------- CRM tokens on every route that takes one

    /** The routes a CRM token opens, and the claims a good token for each carries. */
    enum TokenRoute {
        REGISTRATION,
        SEND,
        FORM,
        DATA_GET,
        DATA_PUT;

        boolean inHeader() {
            return this == FORM || this == DATA_GET || this == DATA_PUT;
        }
    }

    /** A way to spoil a token: from good claims for the route to a token string. */
    private record Flaw(String name, Function<JsonObject, String> token, int keyFetches, boolean bodyOnly) {}

    @TestFactory
    Stream<DynamicTest> forgedAndMalformedTokens() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Flaw flaw : flaws()) {
            for (TokenRoute route : TokenRoute.values()) {
                if (flaw.bodyOnly() && route.inHeader()) {
                    continue;
                }
                boolean blank = flaw.name().startsWith("empty");
                int status = blank && route.inHeader() ? 401 : 403;
                tests.add(test(new Case(
                        flaw.name() + " on " + route,
                        status,
                        Shape.ERROR,
                        flaw.keyFetches(),
                        () -> carry(route, flaw.token().apply(claims(route))))));
            }
        }
        return tests.stream();
    }

    private List<Flaw> flaws() {
        long now = System.currentTimeMillis() / 1000;
        String trusted = crm.key().id();
        String foreignHost =
                "127.0.0.1:" + URI.create(foreign.untrustedIssuer()).getPort();
        List<Flaw> flaws = new ArrayList<>(List.of(
                flaw(
                        "signed by another key under the trusted key id",
                        c -> rsa("RS512", trusted, c.toString(), stranger)),
                // A fresh key each time: a missing key is remembered, so a second token naming it makes no fetch.
                new Flaw(
                        "signed by an unpublished key",
                        c -> {
                            SigningKey unpublished = crm.newKey(false);
                            return rsa("RS512", unpublished.id(), c.toString(), unpublished);
                        },
                        1,
                        false),
                flaw("alg none", c -> unsigned("none", c.toString(), "")),
                flaw(
                        "alg none keeping a real signature",
                        c -> unsigned("none", c.toString(), crm.sign(c).split("\\.")[2])),
                flaw("alg in lower case", c -> rs512As("rs512", trusted, c.toString())),
                flaw(
                        "HS512 keyed with the public key PEM",
                        c -> hmac("HS512", c, crm.key().pem())),
                flaw(
                        "HS256 keyed with the public key PEM",
                        c -> hmac("HS256", c, crm.key().pem())),
                flaw("RS256 with the trusted key", c -> rsa("RS256", trusted, c.toString(), crm.key())),
                flaw("PS512 with the trusted key", c -> rsa("PS512", trusted, c.toString(), crm.key())),
                flaw("expired", c -> crm.sign(with(c, "exp", Json.createValue(now - 300)))),
                flaw("expired just past the clock skew", c -> crm.sign(with(c, "exp", Json.createValue(now - 45)))),
                flaw("not yet valid", c -> crm.sign(with(c, "nbf", Json.createValue(now + 300)))),
                flaw("exp not a number", c -> crm.sign(with(c, "exp", Json.createValue("tomorrow")))),
                flaw(
                        "audience of another plugin",
                        c -> crm.sign(with(c, "aud", Json.createValue("https://other-plugin.test/")))),
                flaw("audience missing", c -> crm.sign(without(c, "aud"))),
                flaw(
                        "audience of two plugins",
                        c -> crm.sign(with(
                                c,
                                "aud",
                                Json.createArrayBuilder()
                                        .add(FakeCrm.SELF_URI)
                                        .add("https://other-plugin.test/")
                                        .build()))),
                flaw(
                        "audience on a path of the plugin",
                        c -> crm.sign(with(c, "aud", Json.createValue(FakeCrm.SELF_URI + "other")))),
                flaw("audience a number", c -> crm.sign(with(c, "aud", Json.createValue(42)))),
                flaw(
                        "issuer over https",
                        c -> crm.sign(
                                with(c, "iss", Json.createValue(crm.issuer().replace("http:", "https:"))))),
                flaw(
                        "issuer over ftp",
                        c -> crm.sign(
                                with(c, "iss", Json.createValue(crm.issuer().replace("http:", "ftp:"))))),
                flaw("issuer missing", c -> crm.sign(without(c, "iss"))),
                flaw("issuer not a URI", c -> crm.sign(with(c, "iss", Json.createValue("http://local host:80/ ^")))),
                flaw("issuer a number", c -> crm.sign(with(c, "iss", Json.createValue(7)))),
                flaw("key id missing", c -> crm.sign(c, null, crm.key())),
                flaw(
                        "key id a number",
                        c -> rsaHeader(
                                Json.createObjectBuilder()
                                        .add("alg", "RS512")
                                        .add("pkey", 7)
                                        .build(),
                                c.toString(),
                                crm.key())),
                flaw("key id climbing paths", c -> rsa("RS512", "../../pkey/" + trusted, c.toString(), crm.key())),
                flaw(
                        "key id naming another host",
                        c -> rsa(
                                "RS512",
                                "x@" + foreignHost + "/pkey/" + foreign.key().id(),
                                c.toString(),
                                foreign.key())),
                flaw(
                        "key id as kid instead of pkey",
                        c -> rsaHeader(
                                Json.createObjectBuilder()
                                        .add("alg", "RS512")
                                        .add("kid", trusted)
                                        .build(),
                                c.toString(),
                                crm.key())),
                flaw("key id empty", c -> rsa("RS512", "", c.toString(), crm.key())),
                new Flaw(
                        "jku and x5u headers pointing to a foreign host",
                        c -> {
                            SigningKey foreignKey = foreign.newKey(true);
                            return rsaHeader(
                                    Json.createObjectBuilder()
                                            .add("alg", "RS512")
                                            .add("pkey", foreignKey.id())
                                            .add("jku", "http://" + foreignHost + "/pkey/" + foreignKey.id())
                                            .add("x5u", "http://" + foreignHost + "/pkey/" + foreignKey.id())
                                            .build(),
                                    c.toString(),
                                    foreignKey);
                        },
                        1,
                        false),
                flaw(
                        "unknown critical header",
                        c -> rsaHeader(
                                Json.createObjectBuilder()
                                        .add("alg", "RS512")
                                        .add("pkey", trusted)
                                        .add("crit", Json.createArrayBuilder().add("exp-plugin"))
                                        .add("exp-plugin", 1)
                                        .build(),
                                c.toString(),
                                crm.key())),
                flaw("company id missing", c -> crm.sign(without(c, "cid"))),
                flaw("company id too long", c -> crm.sign(with(c, "cid", Json.createValue(PREFIX + "x".repeat(200))))),
                flaw("company id a fraction", c -> crm.sign(with(c, "cid", Json.createValue(1.5)))),
                flaw(
                        "company id an object",
                        c -> crm.sign(with(
                                c,
                                "cid",
                                Json.createObjectBuilder().add("id", 1).build()))),
                flaw(
                        "company id claim twice",
                        c -> rsa("RS512", trusted, duplicate(c, "cid", PREFIX + "twin"), crm.key())),
                flaw("plugin claim missing", c -> crm.sign(without(c, "plugin"))),
                flaw("plugin claim a string", c -> crm.sign(with(c, "plugin", Json.createValue("chat-plugin/7")))),
                flaw(
                        "plugin alias missing",
                        c -> crm.sign(with(
                                c,
                                "plugin",
                                Json.createObjectBuilder().add("id", "7").build()))),
                flaw(
                        "plugin id empty",
                        c -> crm.sign(with(
                                c,
                                "plugin",
                                Json.createObjectBuilder()
                                        .add("alias", "chat-plugin")
                                        .add("id", " ")
                                        .build()))),
                flaw("claims a JSON array", c -> rsa("RS512", trusted, "[" + c + "]", crm.key())),
                flaw("claims not JSON", c -> rsa("RS512", trusted, "claims", crm.key())),
                flaw(
                        "claims nested 300 deep",
                        c -> rsa(
                                "RS512",
                                trusted,
                                c.toString().substring(0, c.toString().length() - 1) + ",\"deep\":" + "[".repeat(300)
                                        + "]".repeat(300) + "}",
                                crm.key())),
                // Too large for a header (see "a token header of 64 KB"), so in bodies only.
                new Flaw(
                        "claims nested 10000 deep",
                        c -> rsa(
                                "RS512",
                                trusted,
                                c.toString().substring(0, c.toString().length() - 1) + ",\"deep\":" + DEEP + "}",
                                crm.key()),
                        0,
                        true),
                flaw("header not JSON", c -> b64("RS512") + "." + crm.sign(c).split("\\.", 2)[1]),
                flaw("signature cut short", c -> cut(crm.sign(c), 4)),
                flaw("cut in the middle of the claims", c -> {
                    String t = crm.sign(c);
                    return t.substring(0, t.indexOf('.') + (t.lastIndexOf('.') - t.indexOf('.')) / 2);
                }),
                flaw("signature of another token", c -> {
                    String[] mine = crm.sign(c).split("\\.");
                    return mine[0] + "." + mine[1] + "."
                            + crm.sign(with(c, "jti", Json.createValue("other")))
                                    .split("\\.")[2];
                }),
                flaw("claims of another company under a good signature", c -> {
                    String[] mine = crm.sign(c).split("\\.");
                    return mine[0] + "."
                            + b64(with(c, "cid", Json.createValue(PREFIX + "victim"))
                                    .toString()) + "." + mine[2];
                }),
                new Flaw(
                        "oversized (70 KB, well signed)",
                        c -> crm.sign(with(c, "pad", Json.createValue("p".repeat(70_000)))),
                        0,
                        true),
                flaw("garbage base64", c -> "!!!$.@@@*.###%"),
                flaw("one segment", c -> b64(c.toString())),
                flaw(
                        "two segments",
                        c -> cut(crm.sign(c), crm.sign(c).length() - crm.sign(c).lastIndexOf('.'))),
                flaw("four segments", c -> crm.sign(c) + ".AAAA"),
                flaw("five segments (encrypted form)", c -> "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d"),
                flaw("Bearer prefix in front of a good token", c -> "Bearer " + crm.sign(c)),
                flaw("empty", c -> ""),
                new Flaw("non-ASCII text", c -> "токен.подпись.ключ", 0, true),
                new Flaw("empty but spaces", c -> "   ", 0, true)));
        for (String issuer : List.of(
                "http://" + foreignHost + "/",
                "http://localhost@" + foreignHost + "/",
                "http://localhost:80@" + foreignHost + "/",
                "http://" + foreignHost + "/#@localhost/",
                "http://" + foreignHost + "\\@localhost/",
                "http://[::ffff:127.0.0.1]:" + foreignHost.split(":")[1] + "/",
                "http://2130706433:" + foreignHost.split(":")[1] + "/",
                "http://evil-localhost:" + foreignHost.split(":")[1] + "/",
                "HTTP://" + foreignHost + "/",
                "//" + foreignHost + "/")) {
            flaws.add(flaw(
                    "issuer on a foreign host " + issuer,
                    c -> crm.sign(with(c, "iss", Json.createValue(issuer)), foreign.key())));
        }
        return flaws;
    }

    private static Flaw flaw(String name, Function<JsonObject, String> token) {
        return new Flaw(name, token, 0, false);
    }

    /** Good claims for the route: a fresh company to register, or the home company's message or settings call. */
    private JsonObject claims(TokenRoute route) {
        return switch (route) {
            case REGISTRATION ->
                crm.claims(fresh())
                        .add("HPT", "hpt")
                        .add("country", "US")
                        .add("currency", "USD")
                        .build();
            case SEND ->
                crm.claims(HOME)
                        .add("body", Payloads.text(UUID.randomUUID().toString(), "+15550100", "hi"))
                        .build();
            case FORM, DATA_GET, DATA_PUT ->
                crm.claims(HOME).add("settings", true).build();
        };
    }

    private Reply carry(TokenRoute route, String token) {
        return switch (route) {
            case REGISTRATION -> put("/registration", body("registration", token));
            case SEND -> post("/special/send", body("request", token), null, null);
            case FORM -> get("/protected/forms/settings", "X-PLUGIN-TOKEN", token);
            case DATA_GET -> get("/protected/data/settings", "X-PLUGIN-TOKEN", token);
            case DATA_PUT -> send("PUT", "/protected/data/settings", Map.of("X-PLUGIN-TOKEN", token), validSettings());
        };
    }

    @TestFactory
    Stream<DynamicTest> goodTokensThatAreStillRefused() {
        Company unregistered = fresh();
        return Stream.of(
                        new Case(
                                "send for an unregistered company",
                                403,
                                Shape.ERROR,
                                0,
                                () -> post(
                                        "/special/send",
                                        body(
                                                "request",
                                                crm.sendToken(unregistered, Payloads.text("m-1", "+15550100", "hi"))),
                                        null,
                                        null)),
                        new Case(
                                "settings form for an unregistered company",
                                403,
                                Shape.ERROR,
                                0,
                                () -> get("/protected/forms/settings", "X-PLUGIN-TOKEN", settingsToken(unregistered))),
                        new Case(
                                "settings data for an unregistered company",
                                403,
                                Shape.ERROR,
                                0,
                                () -> get("/protected/data/settings", "X-PLUGIN-TOKEN", settingsToken(unregistered))),
                        new Case(
                                "settings saved for an unregistered company",
                                403,
                                Shape.ERROR,
                                0,
                                () -> send(
                                        "PUT",
                                        "/protected/data/settings",
                                        Map.of("X-PLUGIN-TOKEN", settingsToken(unregistered)),
                                        validSettings())),
                        new Case(
                                "settings without the settings claim",
                                403,
                                Shape.ERROR,
                                0,
                                () -> get(
                                        "/protected/data/settings",
                                        "X-PLUGIN-TOKEN",
                                        crm.sign(crm.claims(HOME).build()))),
                        new Case(
                                "settings claim the string true",
                                403,
                                Shape.ERROR,
                                0,
                                () -> get(
                                        "/protected/forms/settings",
                                        "X-PLUGIN-TOKEN",
                                        crm.sign(crm.claims(HOME)
                                                .add("settings", "true")
                                                .build()))),
                        new Case(
                                "settings claim the number 1",
                                403,
                                Shape.ERROR,
                                0,
                                () -> send(
                                        "PUT",
                                        "/protected/data/settings",
                                        Map.of(
                                                "X-PLUGIN-TOKEN",
                                                crm.sign(crm.claims(HOME)
                                                        .add("settings", 1)
                                                        .build())),
                                        validSettings())),
                        new Case(
                                "settings claim false",
                                403,
                                Shape.ERROR,
                                0,
                                () -> send(
                                        "PUT",
                                        "/protected/data/settings",
                                        Map.of(
                                                "X-PLUGIN-TOKEN",
                                                crm.sign(crm.claims(HOME)
                                                        .add("settings", false)
                                                        .build())),
                                        validSettings())),
                        new Case(
                                "token in the Authorization header instead of X-PLUGIN-TOKEN",
                                401,
                                Shape.ERROR,
                                0,
                                () -> get(
                                        "/protected/data/settings", "Authorization", "Bearer " + settingsToken(HOME))),
                        new Case(
                                "token in a misspelt header",
                                401,
                                Shape.ERROR,
                                0,
                                () -> get("/protected/forms/settings", "X-PLUGIN-TOKENS", settingsToken(HOME))),
                        new Case(
                                "no token header at all on saving",
                                401,
                                Shape.ERROR,
                                0,
                                () -> send("PUT", "/protected/data/settings", Map.of(), validSettings())),
                        new Case(
                                "registration token under the name request",
                                403,
                                Shape.ERROR,
                                0,
                                () -> put("/registration", body("request", registrationToken()))),
                        new Case(
                                "send token under the name registration",
                                403,
                                Shape.ERROR,
                                0,
                                () -> post("/special/send", body("registration", sendToken()), null, null)),
                        new Case(
                                "registration name in another case",
                                403,
                                Shape.ERROR,
                                0,
                                () -> put("/registration", body("Registration", registrationToken()))),
                        new Case(
                                "request name with a trailing space",
                                403,
                                Shape.ERROR,
                                0,
                                () -> post("/special/send", body("request ", sendToken()), null, null)))
                .map(this::test);
    }

    // ---------------------------------------------------------------- registration claims

    @TestFactory
    Stream<DynamicTest> registrationClaims() {
        Map<String, Function<JsonObjectBuilder, JsonObjectBuilder>> spoilers = new LinkedHashMap<>();
        spoilers.put("HPT missing", b -> b.add("country", "US").add("currency", "USD"));
        spoilers.put("HPT empty", b -> b.add("HPT", "").add("country", "US").add("currency", "USD"));
        spoilers.put(
                "HPT a number", b -> b.add("HPT", 12345).add("country", "US").add("currency", "USD"));
        spoilers.put(
                "HPT an object",
                b -> b.add("HPT", Json.createObjectBuilder())
                        .add("country", "US")
                        .add("currency", "USD"));
        spoilers.put(
                "HPT too long",
                b -> b.add("HPT", "h".repeat(2000)).add("country", "US").add("currency", "USD"));
        spoilers.put("country missing", b -> b.add("HPT", "hpt").add("currency", "USD"));
        spoilers.put(
                "country of three letters",
                b -> b.add("HPT", "hpt").add("country", "USA").add("currency", "USD"));
        spoilers.put(
                "country with a digit",
                b -> b.add("HPT", "hpt").add("country", "U1").add("currency", "USD"));
        spoilers.put(
                "country a number", b -> b.add("HPT", "hpt").add("country", 1).add("currency", "USD"));
        spoilers.put("currency missing", b -> b.add("HPT", "hpt").add("country", "US"));
        spoilers.put(
                "currency of two letters",
                b -> b.add("HPT", "hpt").add("country", "US").add("currency", "US"));
        spoilers.put(
                "currency a word", b -> b.add("HPT", "hpt").add("country", "US").add("currency", "DOLLAR"));
        spoilers.put(
                "currency null", b -> b.add("HPT", "hpt").add("country", "US").addNull("currency"));
        return spoilers.entrySet().stream()
                .map(e -> test(new Case(
                        "registration with " + e.getKey(),
                        400,
                        Shape.ERROR,
                        0,
                        () -> put(
                                "/registration",
                                body(
                                        "registration",
                                        crm.sign(e.getValue()
                                                .apply(crm.claims(fresh()))
                                                .build()))))));
    }

    // ---------------------------------------------------------------- the chat payload in the send token

    @TestFactory
    Stream<DynamicTest> sendPayloads() {
        String id = "\"id\":\"m-1\"";
        String text = "\"content\":{\"text\":\"hi\",\"format\":\"text\"}";
        String chat = "\"chat\":{\"id\":\"c-1\",\"contact\":\"+15550100\",\"subject\":null}";
        String file = "{\"name\":\"a.png\",\"uri\":\"https://cdn.example.com/a.png\",\"type\":\"image\"}";
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("body a number", "42");
        bodies.put("body a string that is not JSON", "\"not json\"");
        bodies.put("body a string holding an array", "\"[1,2]\"");
        bodies.put("body an array", "[{" + chat + ",\"message\":{" + id + "," + text + "}}]");
        bodies.put("body null", "null");
        bodies.put("body true", "true");
        bodies.put("chat missing", "{\"message\":{" + id + "," + text + "}}");
        bodies.put("chat a string", "{\"chat\":\"+15550100\",\"message\":{" + id + "," + text + "}}");
        bodies.put("contact missing", "{\"chat\":{\"id\":\"c\"},\"message\":{" + id + "," + text + "}}");
        bodies.put("contact a number", "{\"chat\":{\"contact\":15550100},\"message\":{" + id + "," + text + "}}");
        bodies.put("contact empty", "{\"chat\":{\"contact\":\"\"},\"message\":{" + id + "," + text + "}}");
        bodies.put("contact blank", "{\"chat\":{\"contact\":\"   \"},\"message\":{" + id + "," + text + "}}");
        bodies.put(
                "contact too long",
                "{\"chat\":{\"contact\":\"" + "5".repeat(300) + "\"},\"message\":{" + id + "," + text + "}}");
        bodies.put(
                "subject a number",
                "{\"chat\":{\"contact\":\"+1\",\"subject\":42},\"message\":{" + id + "," + text + "}}");
        bodies.put(
                "subject too long",
                "{\"chat\":{\"contact\":\"+1\",\"subject\":\"" + "s".repeat(1001) + "\"},\"message\":{" + id + ","
                        + text + "}}");
        bodies.put(
                "chat id a boolean",
                "{\"chat\":{\"id\":true,\"contact\":\"+1\"},\"message\":{" + id + "," + text + "}}");
        bodies.put(
                "chat id an object", "{\"chat\":{\"id\":{},\"contact\":\"+1\"},\"message\":{" + id + "," + text + "}}");
        bodies.put("message missing", "{" + chat + "}");
        bodies.put("message an array", "{" + chat + ",\"message\":[" + text.substring(10) + "]}");
        bodies.put("message id missing", "{" + chat + ",\"message\":{" + text + "}}");
        bodies.put("message id a fraction", "{" + chat + ",\"message\":{\"id\":1.5," + text + "}}");
        bodies.put("message id empty", "{" + chat + ",\"message\":{\"id\":\"\"," + text + "}}");
        bodies.put(
                "message id too long", "{" + chat + ",\"message\":{\"id\":\"" + "i".repeat(256) + "\"," + text + "}}");
        bodies.put("message id an array", "{" + chat + ",\"message\":{\"id\":[\"m\"]," + text + "}}");
        bodies.put("content a string", "{" + chat + ",\"message\":{" + id + ",\"content\":\"hi\"}}");
        bodies.put(
                "content text a number",
                "{" + chat + ",\"message\":{" + id + ",\"content\":{\"text\":5,\"format\":\"text\"}}}");
        bodies.put("content text missing", "{" + chat + ",\"message\":{" + id + ",\"content\":{\"format\":\"text\"}}}");
        bodies.put(
                "content text blank",
                "{" + chat + ",\"message\":{" + id + ",\"content\":{\"text\":\" \\n\\t \",\"format\":\"text\"}}}");
        bodies.put("content format missing", "{" + chat + ",\"message\":{" + id + ",\"content\":{\"text\":\"hi\"}}}");
        bodies.put(
                "content format unknown",
                "{" + chat + ",\"message\":{" + id + ",\"content\":{\"text\":\"hi\",\"format\":\"rtf\"}}}");
        bodies.put(
                "content format a number",
                "{" + chat + ",\"message\":{" + id + ",\"content\":{\"text\":\"hi\",\"format\":1}}}");
        bodies.put(
                "no content and no attachments",
                "{" + chat + ",\"message\":{" + id + ",\"content\":null,\"attachments\":[]}}");
        bodies.put("no content and attachments missing", "{" + chat + ",\"message\":{" + id + ",\"content\":null}}");
        bodies.put(
                "attachments an object",
                "{" + chat + ",\"message\":{" + id + "," + text + ",\"attachments\":" + file + "}}");
        bodies.put(
                "attachment a string",
                "{" + chat + ",\"message\":{" + id + "," + text + ",\"attachments\":[\"a.png\"]}}");
        bodies.put(
                "attachment type unknown",
                "{" + chat + ",\"message\":{" + id + "," + text + ",\"attachments\":[" + file.replace("image", "video")
                        + "]}}");
        bodies.put(
                "attachment uri relative",
                "{" + chat + ",\"message\":{" + id + "," + text + ",\"attachments\":["
                        + file.replace("https://cdn.example.com/a.png", "/a.png") + "]}}");
        bodies.put(
                "attachment uri not a URI",
                "{" + chat + ",\"message\":{" + id + "," + text + ",\"attachments\":["
                        + file.replace("https://cdn.example.com/a.png", "https://cdn example.com/^") + "]}}");
        bodies.put(
                "attachment uri a number",
                "{" + chat + ",\"message\":{" + id + "," + text + ",\"attachments\":["
                        + file.replace("\"https://cdn.example.com/a.png\"", "7") + "]}}");
        bodies.put(
                "attachment name missing",
                "{" + chat + ",\"message\":{" + id + "," + text + ",\"attachments\":["
                        + file.replace("\"name\":\"a.png\",", "") + "]}}");
        bodies.put(
                "101 attachments",
                "{" + chat + ",\"message\":{" + id + "," + text + ",\"attachments\":["
                        + String.join(",", Collections.nCopies(101, file)) + "]}}");
        bodies.put("body a string nested 10000 deep", Json.createValue(DEEP).toString());
        return bodies.entrySet().stream()
                .map(e -> test(new Case(
                        "send with " + e.getKey(),
                        405,
                        Shape.ERROR,
                        0,
                        () -> post(
                                "/special/send",
                                body(
                                        "request",
                                        rsa(
                                                "RS512",
                                                crm.key().id(),
                                                withRaw(crm.claims(HOME).build(), "body", e.getValue()),
                                                crm.key())),
                                null,
                                null))));
    }

    // ---------------------------------------------------------------- request bodies that are not what JSON should be

    @TestFactory
    Stream<DynamicTest> hostileJsonBodies() {
        List<Case> cases = new ArrayList<>();
        Map<String, String> notObjects = new LinkedHashMap<>();
        notObjects.put("not JSON", "not json");
        notObjects.put("an empty body", "");
        notObjects.put("only spaces", "   \n ");
        notObjects.put("a top-level array", "[]");
        notObjects.put("a top-level number", "42");
        notObjects.put("a top-level null", "null");
        notObjects.put("a top-level string", "\"text\"");
        notObjects.put("a top-level true", "true");
        notObjects.put("an unclosed object", "{");
        notObjects.put("an array nested 10000 deep", DEEP);
        for (var e : notObjects.entrySet()) {
            // No body at all carries no token, as the reference reads it: a 403 like a missing field.
            int tokenRoutes = e.getValue().isEmpty() ? 403 : 400;
            cases.add(new Case(
                    "registration body " + e.getKey(),
                    tokenRoutes,
                    Shape.ERROR,
                    0,
                    () -> put("/registration", e.getValue())));
            cases.add(new Case(
                    "send body " + e.getKey(),
                    tokenRoutes,
                    Shape.ERROR,
                    0,
                    () -> post("/special/send", e.getValue(), null, null)));
            cases.add(new Case(
                    "settings body " + e.getKey(),
                    400,
                    Shape.FIELD_ERRORS,
                    0,
                    () -> send(
                            "PUT",
                            "/protected/data/settings",
                            Map.of("X-PLUGIN-TOKEN", settingsToken(HOME)),
                            e.getValue())));
            cases.add(new Case(
                    "gateway status body " + e.getKey(),
                    400,
                    Shape.ERROR,
                    0,
                    () -> gateway(HOME, "status", e.getValue())));
            cases.add(new Case(
                    "gateway incoming body " + e.getKey(),
                    400,
                    Shape.ERROR,
                    0,
                    () -> gateway(HOME, "incoming", e.getValue())));
        }
        // A good token wrapped in JSON that is not quite JSON: none of it may register or queue anything.
        Map<String, Function<String[], String>> wrappers = new LinkedHashMap<>();
        wrappers.put(
                "the token field twice, the good one last",
                t -> "{\"" + t[0] + "\":\"junk\",\"" + t[0] + "\":\"" + t[1] + "\"}");
        wrappers.put("trailing text after the object", t -> "{\"" + t[0] + "\":\"" + t[1] + "\"} trailing");
        wrappers.put("a second object after the first", t -> "{\"" + t[0] + "\":\"" + t[1] + "\"}{}");
        wrappers.put("a comment", t -> "{\"" + t[0] + "\":\"" + t[1] + "\" /* note */}");
        wrappers.put("single quotes", t -> "{'" + t[0] + "':'" + t[1] + "'}");
        wrappers.put("an unquoted name", t -> "{" + t[0] + ":\"" + t[1] + "\"}");
        wrappers.put("a trailing comma", t -> "{\"" + t[0] + "\":\"" + t[1] + "\",}");
        wrappers.put(
                "a field nested 10000 deep beside the token",
                t -> "{\"" + t[0] + "\":\"" + t[1] + "\",\"x\":" + DEEP + "}");
        wrappers.put("an unterminated string", t -> "{\"" + t[0] + "\":\"" + t[1] + "}");
        wrappers.put(
                "a raw control character in the string", t -> "{\"" + t[0] + "\":\"" + t[1] + "\",\"x\":\"a\u0001b\"}");
        wrappers.put("NaN as a value", t -> "{\"" + t[0] + "\":\"" + t[1] + "\",\"x\":NaN}");
        for (var e : wrappers.entrySet()) {
            cases.add(new Case(
                    "registration with " + e.getKey(),
                    400,
                    Shape.ERROR,
                    0,
                    () -> put(
                            "/registration", e.getValue().apply(new String[] {"registration", registrationToken()}))));
            cases.add(new Case(
                    "send with " + e.getKey(),
                    400,
                    Shape.ERROR,
                    0,
                    () -> post(
                            "/special/send", e.getValue().apply(new String[] {"request", sendToken()}), null, null)));
        }
        // The token field of the wrong JSON type.
        for (String value : List.of("123", "true", "null", "[\"a.b.c\"]", "{\"token\":\"a.b.c\"}", "1e999")) {
            cases.add(new Case(
                    "registration field " + value,
                    403,
                    Shape.ERROR,
                    0,
                    () -> put("/registration", "{\"registration\":" + value + "}")));
            cases.add(new Case(
                    "request field " + value,
                    403,
                    Shape.ERROR,
                    0,
                    () -> post("/special/send", "{\"request\":" + value + "}", null, null)));
        }
        // A good body under a content type that is not JSON (or not what the bytes are).
        // Form-encoded bodies are read as the reference reads them; a broken form is a 400 like broken JSON.
        String form = "application/x-www-form-urlencoded";
        Map<String, Function<String[], String>> badForms = new LinkedHashMap<>();
        badForms.put("an empty form", t -> "");
        badForms.put("a broken percent escape", t -> t[0] + "=" + t[1] + "%zz");
        badForms.put("a percent escape cut short", t -> t[0] + "=" + t[1] + "%4");
        badForms.put("bytes that are not UTF-8", t -> t[0] + "=" + t[1] + "&note=%ff%fe");
        badForms.put("the token field twice, the good one last", t -> t[0] + "=junk&" + t[0] + "=" + t[1]);
        badForms.put("the token field twice, the good one first", t -> t[0] + "=" + t[1] + "&" + t[0] + "=junk");
        for (var e : badForms.entrySet()) {
            int status = e.getKey().equals("an empty form") ? 403 : 400; // no body: no token, as above
            cases.add(new Case(
                    "registration form with " + e.getKey(),
                    status,
                    Shape.ERROR,
                    0,
                    () -> post2(
                            "PUT",
                            "/registration",
                            e.getValue().apply(new String[] {"registration", registrationToken()}),
                            form)));
            cases.add(new Case(
                    "send form with " + e.getKey(),
                    status,
                    Shape.ERROR,
                    0,
                    () -> post2(
                            "POST", "/special/send", e.getValue().apply(new String[] {"request", sendToken()}), form)));
        }
        for (String value : List.of("", "a.b.c", "%00", "x%0Ay")) {
            cases.add(new Case(
                    "registration form field '" + value + "'",
                    403,
                    Shape.ERROR,
                    0,
                    () -> post2("PUT", "/registration", "registration=" + value, form)));
            cases.add(new Case(
                    "send form field '" + value + "'",
                    403,
                    Shape.ERROR,
                    0,
                    () -> post2("POST", "/special/send", "request=" + value, form)));
        }
        cases.add(new Case(
                "registration form without the field",
                403,
                Shape.ERROR,
                0,
                () -> post2("PUT", "/registration", "other=" + registrationToken(), form)));
        cases.add(new Case(
                "send form without the field",
                403,
                Shape.ERROR,
                0,
                () -> post2("POST", "/special/send", "other=" + sendToken(), form)));
        cases.add(new Case(
                "registration as XML",
                400,
                Shape.ERROR,
                0,
                () -> post2(
                        "PUT",
                        "/registration",
                        "<registration>" + registrationToken() + "</registration>",
                        "application/xml")));
        cases.add(new Case(
                "send as plain text",
                400,
                Shape.ERROR,
                0,
                () -> post2("POST", "/special/send", "request=" + sendToken(), "text/plain")));
        cases.add(new Case(
                "registration declared UTF-16 but sent as UTF-8",
                400,
                Shape.ERROR,
                0,
                () -> post2(
                        "PUT",
                        "/registration",
                        body("registration", registrationToken()),
                        "application/json; charset=UTF-16")));
        cases.add(new Case(
                "registration in an unknown charset",
                415,
                Shape.ERROR,
                0,
                () -> post2(
                        "PUT",
                        "/registration",
                        body("registration", registrationToken()),
                        "application/json; charset=klingon")));
        cases.add(new Case(
                "send under a content type that is not one",
                400,
                Shape.ERROR,
                0,
                () -> post2("POST", "/special/send", body("request", sendToken()), "json")));
        // Bytes that are not UTF-8, inside otherwise good bodies (raw socket: the JDK client sends only valid text).
        Map<String, byte[]> badUtf8 = new LinkedHashMap<>();
        badUtf8.put("a stray continuation byte", new byte[] {(byte) 0x80});
        badUtf8.put("an invalid start byte", new byte[] {(byte) 0xff, (byte) 0xfe});
        badUtf8.put("an overlong slash", new byte[] {(byte) 0xc0, (byte) 0xaf});
        badUtf8.put("an encoded surrogate", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80});
        badUtf8.put("a truncated sequence", new byte[] {(byte) 0xe2, (byte) 0x82});
        for (var e : badUtf8.entrySet()) {
            cases.add(new Case(
                    "registration with " + e.getKey(),
                    400,
                    Shape.ERROR,
                    0,
                    () -> raw(
                            "PUT",
                            "/registration",
                            withBytes(
                                    "{\"registration\":\"" + registrationToken() + "\",\"note\":\"",
                                    e.getValue(),
                                    "\"}"))));
            cases.add(new Case(
                    "send with " + e.getKey(),
                    400,
                    Shape.ERROR,
                    0,
                    () -> raw(
                            "POST",
                            "/special/send",
                            withBytes("{\"request\":\"" + sendToken() + "\",\"note\":\"", e.getValue(), "\"}"))));
            cases.add(new Case(
                    "settings with " + e.getKey(),
                    400,
                    Shape.ERROR,
                    0,
                    () -> raw(
                            "PUT",
                            "/protected/data/settings",
                            withBytes("{\"main\":{\"prefix\":\"", e.getValue(), "\",\"suffix\":\"!\",\"delay\":1}}"),
                            "X-PLUGIN-TOKEN: " + settingsToken(HOME))));
            cases.add(new Case(
                    "gateway incoming with " + e.getKey(),
                    400,
                    Shape.ERROR,
                    0,
                    () -> raw(
                            "POST",
                            gatewayPath(HOME, "incoming"),
                            withBytes(
                                    "{\"chat\":{\"contact\":\"+1\"},\"message\":{\"content\":{\"text\":\"",
                                    e.getValue(),
                                    "\",\"format\":\"text\"}}}"),
                            "Authorization: Bearer " + GATEWAY_TOKEN)));
        }
        return cases.stream().map(this::test);
    }

    // ---------------------------------------------------------------- settings data

    @TestFactory
    Stream<DynamicTest> settingsData() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("delay a word", "{\"main\":{\"prefix\":\"<\",\"suffix\":\">\",\"delay\":\"three\"}}");
        bodies.put(
                "delay a string above its maximum", "{\"main\":{\"prefix\":\"<\",\"suffix\":\">\",\"delay\":\"11\"}}");
        bodies.put("delay a fraction", "{\"main\":{\"prefix\":\"<\",\"suffix\":\">\",\"delay\":1.5}}");
        bodies.put("delay above its maximum", "{\"main\":{\"prefix\":\"<\",\"suffix\":\">\",\"delay\":11}}");
        bodies.put("delay below its minimum", "{\"main\":{\"prefix\":\"<\",\"suffix\":\">\",\"delay\":-1}}");
        bodies.put("delay a boolean", "{\"main\":{\"prefix\":\"<\",\"suffix\":\">\",\"delay\":true}}");
        bodies.put("delay huge", "{\"main\":{\"prefix\":\"<\",\"suffix\":\">\",\"delay\":1" + "0".repeat(400) + "}}");
        bodies.put("prefix a number", "{\"main\":{\"prefix\":5,\"suffix\":\">\",\"delay\":1}}");
        bodies.put("prefix null", "{\"main\":{\"prefix\":null,\"suffix\":\">\",\"delay\":1}}");
        bodies.put("prefix missing", "{\"main\":{\"suffix\":\">\",\"delay\":1}}");
        bodies.put("an empty object", "{}");
        bodies.put("prefix an object", "{\"main\":{\"prefix\":{\"a\":1},\"suffix\":\">\",\"delay\":1}}");
        bodies.put(
                "prefix of 20000 characters",
                "{\"main\":{\"prefix\":\"" + "p".repeat(20_000) + "\",\"suffix\":\">\",\"delay\":1}}");
        bodies.put("suffix on two lines", "{\"main\":{\"prefix\":\"<\",\"suffix\":\"a\\nb\",\"delay\":1}}");
        bodies.put("prefix nested 10000 deep", "{\"main\":{\"prefix\":" + DEEP + ",\"suffix\":\">\",\"delay\":1}}");
        bodies.put("the group a string", "{\"main\":\"prefix\"}");
        bodies.put("the group an array", "{\"main\":[\"<\",\">\",1]}");
        bodies.put("the group a number", "{\"main\":1}");
        bodies.put(
                "a field twice, the bad one last",
                "{\"main\":{\"prefix\":\"<\",\"suffix\":\">\",\"delay\":1,\"delay\":99}}");
        bodies.put(
                "a field twice, the good one last",
                "{\"main\":{\"prefix\":\"<\",\"suffix\":\">\",\"delay\":99,\"delay\":1}}");
        bodies.put("trailing text", "{\"main\":{\"prefix\":\"<\",\"suffix\":\">\",\"delay\":1}} trailing");
        bodies.put("an unterminated string", "{\"main\":{\"prefix\":\"<,\"suffix\":\">\",\"delay\":1}}");
        return bodies.entrySet().stream()
                .map(e -> test(new Case(
                        "settings with " + e.getKey(),
                        400,
                        Shape.FIELD_ERRORS,
                        0,
                        () -> send(
                                "PUT",
                                "/protected/data/settings",
                                Map.of("X-PLUGIN-TOKEN", settingsToken(HOME)),
                                e.getValue()))));
    }

    // ---------------------------------------------------------------- gateway webhooks

    @TestFactory
    Stream<DynamicTest> gatewayWebhooks() {
        List<Case> cases = new ArrayList<>();
        String goodStatus = "{\"id\":\"m-1\",\"status\":\"delivered\"}";
        String goodIncoming = "{\"chat\":{\"id\":null,\"contact\":\"+15550100\",\"subject\":null},"
                + "\"message\":{\"content\":{\"text\":\"Hi\",\"format\":\"text\"},\"attachments\":[]}}";
        Map<String, String> statuses = new LinkedHashMap<>();
        statuses.put("an empty object", "{}");
        statuses.put("id a number", "{\"id\":7,\"status\":\"sent\"}");
        statuses.put("id null", "{\"id\":null,\"status\":\"sent\"}");
        statuses.put("id empty", "{\"id\":\"\",\"status\":\"sent\"}");
        statuses.put("id blank", "{\"id\":\"  \",\"status\":\"sent\"}");
        statuses.put("id of 10000 characters", "{\"id\":\"" + "i".repeat(10_000) + "\",\"status\":\"sent\"}");
        statuses.put("id an array", "{\"id\":[\"m-1\"],\"status\":\"sent\"}");
        statuses.put("status missing", "{\"id\":\"m-1\"}");
        statuses.put("status unknown", "{\"id\":\"m-1\",\"status\":\"lost\"}");
        statuses.put("status in capitals", "{\"id\":\"m-1\",\"status\":\"SENT\"}");
        statuses.put("status a number", "{\"id\":\"m-1\",\"status\":1}");
        statuses.put("status null", "{\"id\":\"m-1\",\"status\":null}");
        statuses.put("status under another name", "{\"id\":\"m-1\",\"state\":\"sent\"}");
        statuses.put("status twice, the good one last", "{\"id\":\"m-1\",\"status\":\"lost\",\"status\":\"sent\"}");
        statuses.put("trailing text", goodStatus + " trailing");
        for (var e : statuses.entrySet()) {
            cases.add(new Case(
                    "gateway status with " + e.getKey(),
                    400,
                    Shape.ERROR,
                    0,
                    () -> gateway(HOME, "status", e.getValue())));
        }
        Map<String, String> incomings = new LinkedHashMap<>();
        incomings.put("an empty object", "{}");
        incomings.put(
                "chat a string", "{\"chat\":\"+1\",\"message\":{\"content\":{\"text\":\"Hi\",\"format\":\"text\"}}}");
        incomings.put(
                "contact missing", "{\"chat\":{},\"message\":{\"content\":{\"text\":\"Hi\",\"format\":\"text\"}}}");
        incomings.put(
                "contact a number",
                "{\"chat\":{\"contact\":1},\"message\":{\"content\":{\"text\":\"Hi\",\"format\":\"text\"}}}");
        incomings.put(
                "contact too long",
                "{\"chat\":{\"contact\":\"" + "1".repeat(300)
                        + "\"},\"message\":{\"content\":{\"text\":\"Hi\",\"format\":\"text\"}}}");
        incomings.put("a message id", Payloads.text("has-an-id", "+1", "hi").toString());
        incomings.put(
                "no content and no attachments", "{\"chat\":{\"contact\":\"+1\"},\"message\":{\"content\":null}}");
        incomings.put(
                "format unknown",
                "{\"chat\":{\"contact\":\"+1\"},\"message\":{\"content\":{\"text\":\"Hi\",\"format\":\"pdf\"}}}");
        incomings.put(
                "text a number",
                "{\"chat\":{\"contact\":\"+1\"},\"message\":{\"content\":{\"text\":1,\"format\":\"text\"}}}");
        incomings.put(
                "attachments a string",
                "{\"chat\":{\"contact\":\"+1\"},\"message\":{\"content\":{\"text\":\"Hi\",\"format\":\"text\"},"
                        + "\"attachments\":\"a.png\"}}");
        incomings.put(
                "attachment type unknown",
                "{\"chat\":{\"contact\":\"+1\"},\"message\":{\"content\":null,\"attachments\":"
                        + "[{\"name\":\"a\",\"uri\":\"https://x.test/a\",\"type\":\"video\"}]}}");
        incomings.put("message an array", "{\"chat\":{\"contact\":\"+1\"},\"message\":[]}");
        incomings.put(
                "contact twice, the good one last",
                "{\"chat\":{\"contact\":1,\"contact\":\"+1\"},"
                        + "\"message\":{\"content\":{\"text\":\"Hi\",\"format\":\"text\"}}}");
        for (var e : incomings.entrySet()) {
            cases.add(new Case(
                    "gateway incoming with " + e.getKey(),
                    400,
                    Shape.ERROR,
                    0,
                    () -> gateway(HOME, "incoming", e.getValue())));
        }
        for (String route : List.of("status", "incoming")) {
            String good = route.equals("status") ? goodStatus : goodIncoming;
            Map<String, String> auths = new LinkedHashMap<>();
            auths.put("no Authorization", null);
            auths.put("Basic credentials", "Basic dGVzdC1nYXRld2F5LXRva2Vu");
            auths.put("the token without Bearer", GATEWAY_TOKEN);
            auths.put("bearer in lower case", "bearer " + GATEWAY_TOKEN);
            auths.put("an empty bearer token", "Bearer ");
            for (var a : auths.entrySet()) {
                cases.add(new Case(
                        "gateway " + route + " with " + a.getKey(),
                        401,
                        Shape.ERROR,
                        0,
                        () -> post(gatewayPath(HOME, route), good, "Authorization", a.getValue())));
            }
            Map<String, String> wrong = new LinkedHashMap<>();
            wrong.put("a wrong token", "Bearer wrong");
            wrong.put("the admin token", "Bearer " + ADMIN_TOKEN);
            wrong.put("the token with a suffix", "Bearer " + GATEWAY_TOKEN + "x");
            wrong.put("a prefix of the token", "Bearer " + GATEWAY_TOKEN.substring(0, 5));
            for (var a : wrong.entrySet()) {
                cases.add(new Case(
                        "gateway " + route + " with " + a.getKey(),
                        403,
                        Shape.ERROR,
                        0,
                        () -> post(gatewayPath(HOME, route), good, "Authorization", a.getValue())));
            }
            cases.add(new Case(
                    "gateway " + route + " for an unregistered company",
                    404,
                    Shape.ERROR,
                    0,
                    () -> gateway(fresh(), route, good)));
            cases.add(new Case(
                    "gateway " + route + " for a company id of 200 characters",
                    400,
                    Shape.ERROR,
                    0,
                    () -> gateway(new Company(PREFIX + "c".repeat(200), "chat-plugin", "7"), route, good)));
            cases.add(new Case(
                    "gateway " + route + " for an alias of 200 characters",
                    400,
                    Shape.ERROR,
                    0,
                    () -> gateway(new Company(HOME.companyId(), "a".repeat(200), "7"), route, good)));
            cases.add(new Case(
                    "gateway " + route + " read with GET",
                    405,
                    Shape.ERROR,
                    0,
                    () -> get(gatewayPath(HOME, route), "Authorization", "Bearer " + GATEWAY_TOKEN)));
        }
        return cases.stream().map(this::test);
    }

    // ---------------------------------------------------------------- admin API

    @TestFactory
    Stream<DynamicTest> adminApi() {
        List<Case> cases = new ArrayList<>();
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("GET /admin/api/counts", "/admin/api/counts");
        routes.put("GET /admin/api/tasks", "/admin/api/tasks?state=FAILED");
        routes.put("GET /admin/api/messages", "/admin/api/messages?messageId=m-1");
        routes.put(
                "GET /admin/api/messages/{reference}/{id}",
                "/admin/api/messages/" + HOME.companyId() + "/chat-plugin/7/m-1");
        routes.put("POST /admin/api/tasks/{id}/replay", "/admin/api/tasks/" + UUID.randomUUID() + "/replay");
        routes.put("POST /admin/api/backup", "/admin/api/backup");
        Map<String, String> unauthenticated = new LinkedHashMap<>();
        unauthenticated.put("no Authorization", null);
        unauthenticated.put("Basic credentials", "Basic dGVzdC1hZG1pbi10b2tlbg==");
        unauthenticated.put("an empty bearer token", "Bearer ");
        unauthenticated.put("bearer in lower case", "bearer " + ADMIN_TOKEN);
        unauthenticated.put("the token without Bearer", ADMIN_TOKEN);
        Map<String, String> forbidden = new LinkedHashMap<>();
        forbidden.put("a wrong token", "Bearer wrong");
        forbidden.put("the gateway token", "Bearer " + GATEWAY_TOKEN);
        forbidden.put("the token twice", "Bearer " + ADMIN_TOKEN + ADMIN_TOKEN);
        for (var route : routes.entrySet()) {
            String method = route.getKey().split(" ")[0];
            for (var a : unauthenticated.entrySet()) {
                cases.add(new Case(
                        route.getKey() + " with " + a.getKey(),
                        401,
                        Shape.ERROR,
                        0,
                        () -> send(method, route.getValue(), auth(a.getValue()), method.equals("POST") ? "" : null)));
            }
            for (var a : forbidden.entrySet()) {
                cases.add(new Case(
                        route.getKey() + " with " + a.getKey(),
                        403,
                        Shape.ERROR,
                        0,
                        () -> send(method, route.getValue(), auth(a.getValue()), method.equals("POST") ? "" : null)));
            }
        }
        Map<String, Integer> queries = new LinkedHashMap<>();
        queries.put("tasks?state=BOGUS", 400);
        queries.put("tasks?state=failed", 400);
        queries.put("tasks?state=", 400);
        queries.put("tasks?state=FAILED&page=-1", 400);
        queries.put("tasks?state=FAILED&size=0", 400);
        queries.put("tasks?state=FAILED&size=201", 400);
        queries.put("tasks?state=FAILED&page=abc", 400);
        queries.put("tasks?state=FAILED&size=1e3", 400);
        queries.put("tasks?state=FAILED&page=99999999999", 400);
        queries.put("tasks?state=FAILED&page=2147483647&size=200", 400);
        queries.put("messages", 400);
        queries.put("messages?messageId=", 400);
        queries.put("messages?messageId=%20%20", 400);
        queries.put("messages/" + "c".repeat(200) + "/chat-plugin/7/m-1", 400);
        queries.put("messages/" + HOME.companyId() + "/" + "a".repeat(200) + "/7/m-1", 400);
        queries.put("messages/" + HOME.companyId() + "/chat-plugin/7/no-such-message", 404);
        for (var q : queries.entrySet()) {
            cases.add(new Case(
                    "GET /admin/api/" + q.getKey(),
                    q.getValue(),
                    Shape.ERROR,
                    0,
                    () -> get("/admin/api/" + q.getKey(), "Authorization", "Bearer " + ADMIN_TOKEN)));
        }
        cases.add(new Case(
                "replay of an unknown task",
                404,
                Shape.ERROR,
                0,
                () -> post(
                        "/admin/api/tasks/" + UUID.randomUUID() + "/replay",
                        "",
                        "Authorization",
                        "Bearer " + ADMIN_TOKEN)));
        cases.add(new Case(
                "replay of a task id of 1000 characters",
                400,
                Shape.ERROR,
                0,
                () -> post(
                        "/admin/api/tasks/" + "t".repeat(1000) + "/replay",
                        "{}",
                        "Authorization",
                        "Bearer " + ADMIN_TOKEN)));
        cases.add(new Case(
                "replay read with GET",
                405,
                Shape.ERROR,
                0,
                () -> get("/admin/api/tasks/x/replay", "Authorization", "Bearer " + ADMIN_TOKEN)));
        cases.add(new Case(
                "backup asked with GET",
                405,
                Shape.ERROR,
                0,
                () -> get("/admin/api/backup", "Authorization", "Bearer " + ADMIN_TOKEN)));
        cases.add(new Case(
                "counts written with POST",
                405,
                Shape.ERROR,
                0,
                () -> post("/admin/api/counts", "{}", "Authorization", "Bearer " + ADMIN_TOKEN)));
        cases.add(new Case("admin page file not served", 404, Shape.ERROR, 0, () -> get("/admin/web.xml", null, null)));
        return cases.stream().map(this::test);
    }

    // ---------------------------------------------------------------- sizes, methods and the raw protocol

    @TestFactory
    Stream<DynamicTest> oversizedBodies() {
        List<Case> cases = new ArrayList<>();
        byte[] tooLarge = ("{\"x\":\"" + "a".repeat(MAX_BODY) + "\"}").getBytes(StandardCharsets.UTF_8);
        Map<String, String[]> routes = new LinkedHashMap<>();
        routes.put("registration", new String[] {"PUT", "/registration"});
        routes.put("send", new String[] {"POST", "/special/send"});
        routes.put("settings", new String[] {"PUT", "/protected/data/settings", "X-PLUGIN-TOKEN"});
        routes.put("gateway status", new String[] {"POST", gatewayPath(HOME, "status"), "Authorization"});
        routes.put("gateway incoming", new String[] {"POST", gatewayPath(HOME, "incoming"), "Authorization"});
        routes.put("admin replay", new String[] {"POST", "/admin/api/tasks/x/replay", "Authorization"});
        for (var r : routes.entrySet()) {
            String[] route = r.getValue();
            cases.add(new Case(
                    r.getKey() + " with a declared body over 1 MiB",
                    413,
                    Shape.ERROR,
                    0,
                    () -> bytes(route, HttpRequest.BodyPublishers.ofByteArray(tooLarge))));
            // Replay takes no body: a chunked one is never read, so the route answers as without it.
            int chunkedStatus = r.getKey().equals("admin replay") ? 404 : 413;
            cases.add(new Case(
                    r.getKey() + " with a chunked body over 1 MiB",
                    chunkedStatus,
                    Shape.ERROR,
                    0,
                    () -> bytes(
                            route,
                            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooLarge)))));
        }
        byte[] exactly = ("{\"registration\":\"" + "a".repeat(MAX_BODY - 19) + "\"}").getBytes(StandardCharsets.UTF_8);
        cases.add(new Case("registration of exactly 1 MiB is read (and its token refused)", 403, Shape.ERROR, 0, () -> {
            assertEquals(MAX_BODY, exactly.length);
            return bytes(new String[] {"PUT", "/registration"}, HttpRequest.BodyPublishers.ofByteArray(exactly));
        }));
        cases.add(new Case(
                "registration token of 900 KB",
                403,
                Shape.ERROR,
                0,
                () -> put("/registration", body("registration", "a".repeat(900_000)))));
        cases.add(new Case(
                "send declaring 2 MiB and sending a few bytes",
                413,
                Shape.ERROR,
                0,
                () -> RawHttp.exchange(
                        base,
                        "POST /special/send HTTP/1.1",
                        new String[] {"Content-Type: application/json", "Content-Length: " + 2 * MAX_BODY},
                        "{\"request\":".getBytes(StandardCharsets.US_ASCII))));
        cases.add(new Case(
                "send chunked by hand in 100 KB chunks over 1 MiB",
                413,
                Shape.ERROR,
                0,
                () -> RawHttp.exchange(
                        base,
                        "POST /special/send HTTP/1.1",
                        new String[] {"Content-Type: application/json", "Transfer-Encoding: chunked"},
                        RawHttp.chunked(tooLarge, 100_000))));
        cases.add(new Case(
                "registration chunked by hand in 1-byte chunks of a bad token",
                403,
                Shape.ERROR,
                0,
                () -> RawHttp.exchange(
                        base,
                        "PUT /registration HTTP/1.1",
                        new String[] {"Content-Type: application/json", "Transfer-Encoding: chunked"},
                        RawHttp.chunked(body("registration", "a.b.c").getBytes(StandardCharsets.UTF_8), 1))));
        return cases.stream().map(this::test);
    }

    @TestFactory
    Stream<DynamicTest> methodsAndRawRequests() {
        String token = "X-PLUGIN-TOKEN: ";
        return Stream.of(
                        new Case(
                                "registration read with GET",
                                405,
                                Shape.ERROR,
                                0,
                                () -> get("/registration", null, null)),
                        new Case("send read with GET", 405, Shape.ERROR, 0, () -> get("/special/send", null, null)),
                        new Case(
                                "registration with POST",
                                405,
                                Shape.ERROR,
                                0,
                                () -> post("/registration", body("registration", registrationToken()), null, null)),
                        new Case(
                                "settings deleted",
                                405,
                                Shape.ERROR,
                                0,
                                () -> send(
                                        "DELETE",
                                        "/protected/data/settings",
                                        Map.of("X-PLUGIN-TOKEN", settingsToken(HOME)),
                                        null)),
                        new Case(
                                "settings form written with PUT",
                                405,
                                Shape.ERROR,
                                0,
                                () -> send(
                                        "PUT",
                                        "/protected/forms/settings",
                                        Map.of("X-PLUGIN-TOKEN", settingsToken(HOME)),
                                        validSettings())),
                        new Case(
                                "gateway status with PATCH",
                                405,
                                Shape.ERROR,
                                0,
                                () -> send(
                                        "PATCH",
                                        gatewayPath(HOME, "status"),
                                        Map.of("Authorization", "Bearer " + GATEWAY_TOKEN),
                                        "{\"id\":\"m-1\",\"status\":\"sent\"}")),
                        // Grizzly refuses a path that climbs out of the root before the application sees it: a bare
                        // 400.
                        new Case(
                                "a path climbing out of the root",
                                400,
                                Shape.BARE,
                                0,
                                () -> RawHttp.exchange(
                                        base,
                                        "PUT /%2e%2e/registration HTTP/1.1",
                                        new String[] {"Content-Length: 2"},
                                        "{}".getBytes(StandardCharsets.US_ASCII))),
                        // These three too: the HTTP layer refuses NUL and control bytes, and bytes above ASCII in
                        // headers.
                        new Case(
                                "a NUL byte in the path",
                                400,
                                Shape.BARE,
                                0,
                                () -> RawHttp.exchange(
                                        base,
                                        "GET /protected/data/settings%00 HTTP/1.1",
                                        new String[] {token + settingsToken(HOME)},
                                        new byte[0])),
                        new Case(
                                "a control byte inside the token header",
                                400,
                                Shape.BARE,
                                0,
                                () -> RawHttp.exchange(
                                        base,
                                        "GET /protected/data/settings HTTP/1.1",
                                        new String[] {
                                            token + settingsToken(HOME).replace('.', '\u0001')
                                        },
                                        new byte[0])),
                        new Case(
                                "Latin-1 bytes in the token header",
                                400,
                                Shape.BARE,
                                0,
                                () -> RawHttp.exchange(
                                        base,
                                        "GET /protected/forms/settings HTTP/1.1",
                                        new String[] {token + "\u00e9\u00e8." + settingsToken(HOME)},
                                        new byte[0])),
                        // Grizzly refuses a request head over its size limit before the application, with a bare 400.
                        new Case(
                                "a token header of 64 KB",
                                400,
                                Shape.BARE,
                                0,
                                () -> get("/protected/forms/settings", "X-PLUGIN-TOKEN", "a".repeat(64 * 1024))),
                        new Case(
                                "a chunk size that is not hex",
                                400,
                                Shape.BARE,
                                0,
                                () -> RawHttp.exchange(
                                        base,
                                        "PUT /registration HTTP/1.1",
                                        new String[] {"Content-Type: application/json", "Transfer-Encoding: chunked"},
                                        "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII))),
                        new Case(
                                "both a length and chunked: the chunks count",
                                403,
                                Shape.ERROR,
                                0,
                                () -> RawHttp.exchange(
                                        base,
                                        "PUT /registration HTTP/1.1",
                                        new String[] {
                                            "Content-Type: application/json",
                                            "Content-Length: 4",
                                            "Transfer-Encoding: chunked"
                                        },
                                        RawHttp.chunked(
                                                body("registration", "a.b.c").getBytes(StandardCharsets.UTF_8), 8))))
                .map(this::test);
    }

    // ---------------------------------------------------------------- uploads

    @TestFactory
    Stream<DynamicTest> uploads() {
        String boundary = "b" + UUID.randomUUID().toString().replace("-", "");
        String multipart = "multipart/form-data; boundary=" + boundary;
        byte[] good = part(boundary, "file", "hello.txt", "hello");
        Company unregistered = fresh();
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(
                "upload without a token",
                401,
                Shape.ERROR,
                0,
                () -> upload("/protected/upload", null, multipart, good)));
        cases.add(new Case(
                "upload with a garbage token",
                403,
                Shape.ERROR,
                0,
                () -> upload("/protected/upload", "a.b.c", multipart, good)));
        cases.add(new Case(
                "upload for an unregistered company",
                403,
                Shape.ERROR,
                0,
                () -> upload("/protected/upload/image", settingsToken(unregistered), multipart, good)));
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("no file part", part(boundary, "other", "hello.txt", "hello"));
        bodies.put("a file part without a file name", part(boundary, "file", null, "hello"));
        bodies.put("an empty file", part(boundary, "file", "empty.txt", ""));
        bodies.put("an empty body", new byte[0]);
        bodies.put("no closing boundary", Arrays.copyOf(good, good.length - boundary.length() - 6));
        bodies.put("another boundary", part("other" + boundary, "file", "hello.txt", "hello"));
        bodies.put(
                "a part without headers",
                ("--" + boundary + "\r\n\r\nhello\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        for (var e : bodies.entrySet()) {
            cases.add(new Case(
                    "upload with " + e.getKey(),
                    400,
                    Shape.ERROR,
                    0,
                    () -> upload("/protected/upload", settingsToken(HOME), multipart, e.getValue())));
        }
        Map<String, String> types = new LinkedHashMap<>();
        types.put("JSON", "application/json");
        types.put("a form", "application/x-www-form-urlencoded");
        types.put("plain text", "text/plain");
        types.put("multipart without a boundary", "multipart/form-data");
        types.put("multipart/mixed", "multipart/mixed; boundary=" + boundary);
        for (var e : types.entrySet()) {
            cases.add(new Case(
                    "upload as " + e.getKey(),
                    400,
                    Shape.ERROR,
                    0,
                    () -> upload("/protected/upload", settingsToken(HOME), e.getValue(), good)));
        }
        cases.add(new Case(
                "upload without a content type",
                400,
                Shape.ERROR,
                0,
                () -> upload("/protected/upload", settingsToken(HOME), null, good)));
        cases.add(new Case(
                "upload of an unknown kind",
                404,
                Shape.ERROR,
                0,
                () -> upload("/protected/upload/video", settingsToken(HOME), multipart, good)));
        cases.add(new Case(
                "upload of a kind below a kind",
                404,
                Shape.ERROR,
                0,
                () -> upload("/protected/upload/image/x", settingsToken(HOME), multipart, good)));
        cases.add(new Case(
                "upload read with GET",
                405,
                Shape.ERROR,
                0,
                () -> get("/protected/upload", "X-PLUGIN-TOKEN", settingsToken(HOME))));
        cases.add(new Case(
                "upload with PUT",
                405,
                Shape.ERROR,
                0,
                () -> sendBytes(
                        "PUT",
                        "/protected/upload",
                        Map.of("X-PLUGIN-TOKEN", settingsToken(HOME), "Content-Type", multipart),
                        good)));
        cases.add(new Case(
                "upload chunked past the body limit",
                413,
                Shape.ERROR,
                0,
                () -> RawHttp.exchange(
                        base,
                        "POST /protected/upload HTTP/1.1",
                        new String[] {
                            "X-PLUGIN-TOKEN: " + settingsToken(HOME),
                            "Content-Type: " + multipart,
                            "Transfer-Encoding: chunked"
                        },
                        RawHttp.chunked(
                                part(boundary, "file", "big.bin", "x".repeat(11 * 1024 * 1024)), 1024 * 1024))));
        cases.add(new Case(
                "upload declared past the body limit",
                413,
                Shape.ERROR,
                0,
                () -> RawHttp.exchange(
                        base,
                        "POST /protected/upload HTTP/1.1",
                        new String[] {
                            "X-PLUGIN-TOKEN: " + settingsToken(HOME),
                            "Content-Type: " + multipart,
                            "Content-Length: " + (64L * 1024 * 1024)
                        },
                        good)));
        // A NUL byte is refused by the HTTP layer before the application (a bare 400).
        cases.add(new Case(
                "uploaded file named with a NUL byte",
                400,
                Shape.BARE,
                0,
                () -> get(
                        "/uploaded/" + HOME.companyId() + "/7/00000000-0000-4000-8000-000000000000.txt%00.png",
                        null,
                        null)));
        // A name that is only ".." climbs with a trailing slash here: without it, the container's own URI decoder
        // can fail before the application runs (README, "Known container fault").
        for (String name : List.of(
                "..%2F..%2Fetc%2Fpasswd",
                "../", "%2e%2e%2f", "00000000-0000-4000-8000-000000000000.txt", "x.txt;.png", "%2F")) {
            cases.add(new Case(
                    "uploaded file named " + name,
                    404,
                    Shape.ERROR,
                    0,
                    () -> get("/uploaded/" + HOME.companyId() + "/7/" + name, null, null)));
        }
        return cases.stream().map(this::test);
    }

    // ---------------------------------------------------------------- every claim of every JSON type

    /** One value of each JSON type and shape, as JSON text, by name. */
    private static Map<String, String> everyType() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("null", "null");
        values.put("true", "true");
        values.put("false", "false");
        values.put("zero", "0");
        values.put("a negative number", "-1");
        values.put("a fraction", "1.5");
        values.put("a huge number", "1e400");
        values.put("an empty string", "\"\"");
        values.put("a blank string", "\" \"");
        values.put("a word", "\"x\"");
        values.put("a string with NUL", "\"a\\u0000b\"");
        values.put("a URI with port 99999", "\"http://localhost:99999/\"");
        values.put("an empty array", "[]");
        values.put("an array of null", "[null]");
        values.put("an array of a number", "[1]");
        values.put("an array of an object", "[{}]");
        values.put("an empty object", "{}");
        values.put("an object", "{\"a\":1}");
        return values;
    }

    private static boolean isNumber(String json) {
        return !json.isEmpty() && (Character.isDigit(json.charAt(0)) || json.charAt(0) == '-');
    }

    private static boolean isString(String json) {
        return json.startsWith("\"");
    }

    /**
     * Each claim the plugin reads, set to each JSON type it must not take, on every route that reads tokens: a 403 (400
     * for the registration's own claims, 405 for the send payload), never a 500, nothing stored, no key fetched. Values
     * the claim may take (a past nbf, a numeric company id, any jti string...) are left out.
     */
    @TestFactory
    Stream<DynamicTest> claimsOfEveryJsonType() {
        List<Case> cases = new ArrayList<>();
        for (var value : everyType().entrySet()) {
            String v = value.getValue();
            boolean number = isNumber(v);
            boolean string = isString(v);
            Map<String, Boolean> refused = new LinkedHashMap<>();
            refused.put("iss", true);
            refused.put("aud", true);
            refused.put("exp", !v.equals("null"));
            refused.put("nbf", !number && !v.equals("null") || v.equals("1e400"));
            refused.put("iat", !number && !v.equals("null"));
            refused.put("jti", !string && !v.equals("null"));
            refused.put("cid", !(v.equals("0") || v.equals("-1") || v.equals("\"x\"") || v.startsWith("\"http")));
            refused.put("plugin", true);
            refused.put("plugin.alias", refused.get("cid"));
            refused.put("plugin.id", refused.get("cid"));
            for (var claim : refused.entrySet()) {
                if (!claim.getValue()) {
                    continue;
                }
                for (TokenRoute route : TokenRoute.values()) {
                    cases.add(new Case(
                            "claim " + claim.getKey() + " " + value.getKey() + " on " + route,
                            403,
                            Shape.ERROR,
                            0,
                            () -> carry(
                                    route,
                                    rsa(
                                            "RS512",
                                            crm.key().id(),
                                            withClaim(claims(route), claim.getKey(), v),
                                            crm.key()))));
                }
            }
            if (!v.equals("true")) {
                for (TokenRoute route : List.of(TokenRoute.FORM, TokenRoute.DATA_GET, TokenRoute.DATA_PUT)) {
                    cases.add(new Case(
                            "claim settings " + value.getKey() + " on " + route,
                            403,
                            Shape.ERROR,
                            0,
                            () -> carry(
                                    route,
                                    rsa("RS512", crm.key().id(), withClaim(claims(route), "settings", v), crm.key()))));
                }
            }
            for (String claim : List.of("HPT", "country", "currency")) {
                if (string
                        && !v.contains("\\u0000")
                        && claim.equals("HPT")
                        && !v.equals("\"\"")
                        && !v.equals("\" \"")) {
                    continue; // any other text is a secret the CRM may choose
                }
                // A number beyond any range makes the whole claims set unreadable: the token itself is refused (403).
                int status = v.equals("1e400") ? 403 : 400;
                cases.add(new Case(
                        "registration claim " + claim + " " + value.getKey(),
                        status,
                        Shape.ERROR,
                        0,
                        () -> carry(
                                TokenRoute.REGISTRATION,
                                rsa(
                                        "RS512",
                                        crm.key().id(),
                                        withClaim(claims(TokenRoute.REGISTRATION), claim, v),
                                        crm.key()))));
            }
            cases.add(new Case(
                    "send claim body " + value.getKey(),
                    v.equals("1e400") ? 403 : 405,
                    Shape.ERROR,
                    0,
                    () -> carry(
                            TokenRoute.SEND,
                            rsa("RS512", crm.key().id(), withClaim(claims(TokenRoute.SEND), "body", v), crm.key()))));
            // The header: alg and pkey of every type; typ and kid of every type but text (which they may be).
            Map<String, Boolean> header = new LinkedHashMap<>();
            header.put("alg", true);
            header.put("pkey", !v.equals("\"x\"")); // x is a well-formed key id: it would be fetched
            header.put("typ", !string && !v.equals("null"));
            header.put("kid", !string && !v.equals("null"));
            for (var h : header.entrySet()) {
                if (!h.getValue()) {
                    continue;
                }
                for (TokenRoute route : List.of(TokenRoute.REGISTRATION, TokenRoute.SEND, TokenRoute.FORM)) {
                    cases.add(new Case(
                            "header " + h.getKey() + " " + value.getKey() + " on " + route,
                            403,
                            Shape.ERROR,
                            0,
                            () -> carry(
                                    route,
                                    rawRs512(
                                            withClaim(
                                                    Json.createObjectBuilder()
                                                            .add("alg", "RS512")
                                                            .add(
                                                                    "pkey",
                                                                    crm.key().id())
                                                            .build(),
                                                    h.getKey(),
                                                    v),
                                            claims(route).toString()))));
                }
            }
        }
        return cases.stream().map(this::test);
    }

    private static byte[] part(String boundary, String field, String filename, String content) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\""
                        + (filename == null ? "" : "; filename=\"" + filename + "\"")
                        + "\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + boundary
                        + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private Reply upload(String path, String token, String contentType, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("X-PLUGIN-TOKEN", token);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return sendBytes("POST", path, headers, body);
    }

    private Reply sendBytes(String method, String path, Map<String, String> headers, byte[] body) {
        return plugin.exchange(method, path, headers, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** The claims as text with {@code path} ({@code name} or {@code plugin.alias}) set to raw JSON text. */
    private static String withClaim(JsonObject claims, String path, String rawJson) {
        if (path.startsWith("plugin.")) {
            String part = path.substring("plugin.".length());
            JsonObject plugin = claims.getJsonObject("plugin");
            return withRaw(claims, "plugin", withRaw(plugin, part, rawJson));
        }
        return withRaw(claims, path, rawJson);
    }

    /** RS512 over any header text, signed with the trusted key whatever the header says. */
    private static String rawRs512(String header, String payload) {
        String input = b64(header) + "." + b64(payload);
        try {
            Signature signature = Signature.getInstance("SHA512withRSA");
            signature.initSign(crm.key().privateKey());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- what the database holds, at the edge

    /**
     * Text longer than its column, NUL (which PostgreSQL refuses in text), over-long path parameters: a 4xx at the edge
     * on every route, the same on H2 and PostgreSQL, never a 500 from the database.
     */
    @TestFactory
    Stream<DynamicTest> inputLimitsOfTheSchema() {
        List<Case> cases = new ArrayList<>();
        String nul = "a\\u0000b";
        String goodIncomingText =
                "{\"chat\":{\"contact\":\"+1\"},\"message\":{\"content\":{\"text\":\"%s\",\"format\":\"text\"}}}";
        // Gateway: a text the size of the body limit does not fit the 1,000,000-character body column.
        cases.add(new Case(
                "gateway incoming with a text of 1,000,001 characters",
                400,
                Shape.ERROR,
                0,
                () -> gateway(HOME, "incoming", goodIncomingText.formatted("t".repeat(1_000_001)))));
        cases.add(new Case(
                "gateway incoming with NUL in the text",
                400,
                Shape.ERROR,
                0,
                () -> gateway(HOME, "incoming", goodIncomingText.formatted(nul))));
        cases.add(new Case(
                "gateway incoming with NUL in the contact",
                400,
                Shape.ERROR,
                0,
                () -> gateway(
                        HOME,
                        "incoming",
                        "{\"chat\":{\"contact\":\"" + nul
                                + "\"},\"message\":{\"content\":{\"text\":\"hi\",\"format\":\"text\"}}}")));
        cases.add(new Case(
                "gateway status with NUL in the message id",
                400,
                Shape.ERROR,
                0,
                () -> gateway(HOME, "status", "{\"id\":\"" + nul + "\",\"status\":\"sent\"}")));
        // A request line this long is refused by the HTTP layer itself, before the application: a bare 400.
        cases.add(new Case(
                "gateway status for a plugin id of 10000 characters",
                400,
                Shape.BARE,
                0,
                () -> gateway(
                        new Company(HOME.companyId(), "chat-plugin", "9".repeat(10_000)),
                        "status",
                        "{\"id\":\"m\",\"status\":\"sent\"}")));
        // Send: NUL anywhere in the payload is a payload rule (405), as on PostgreSQL it could not be stored.
        Map<String, String> sendNul = new LinkedHashMap<>();
        sendNul.put(
                "message id",
                "{\"chat\":{\"contact\":\"+1\"},\"message\":{\"id\":\"" + nul
                        + "\",\"content\":{\"text\":\"hi\",\"format\":\"text\"}}}");
        sendNul.put(
                "contact",
                "{\"chat\":{\"contact\":\"" + nul
                        + "\"},\"message\":{\"id\":\"m-1\",\"content\":{\"text\":\"hi\",\"format\":\"text\"}}}");
        sendNul.put(
                "text",
                "{\"chat\":{\"contact\":\"+1\"},\"message\":{\"id\":\"m-1\",\"content\":{\"text\":\"" + nul
                        + "\",\"format\":\"text\"}}}");
        sendNul.put(
                "subject",
                "{\"chat\":{\"contact\":\"+1\",\"subject\":\"" + nul
                        + "\"},\"message\":{\"id\":\"m-1\",\"content\":{\"text\":\"hi\",\"format\":\"text\"}}}");
        for (var e : sendNul.entrySet()) {
            cases.add(new Case(
                    "send with NUL in the " + e.getKey(),
                    405,
                    Shape.ERROR,
                    0,
                    () -> post(
                            "/special/send",
                            body(
                                    "request",
                                    rsa(
                                            "RS512",
                                            crm.key().id(),
                                            withRaw(crm.claims(HOME).build(), "body", e.getValue()),
                                            crm.key())),
                            null,
                            null)));
        }
        // Registration: NUL in the secret (400) or in a reference part (403), an issuer longer than its column.
        cases.add(new Case(
                "registration with NUL in the HPT",
                400,
                Shape.ERROR,
                0,
                () -> put(
                        "/registration",
                        body(
                                "registration",
                                rsa(
                                        "RS512",
                                        crm.key().id(),
                                        withRaw(claims(TokenRoute.REGISTRATION), "HPT", "\"" + nul + "\""),
                                        crm.key())))));
        cases.add(new Case(
                "registration with NUL in the plugin alias",
                403,
                Shape.ERROR,
                0,
                () -> put(
                        "/registration",
                        body(
                                "registration",
                                rsa(
                                        "RS512",
                                        crm.key().id(),
                                        withClaim(claims(TokenRoute.REGISTRATION), "plugin.alias", "\"" + nul + "\""),
                                        crm.key())))));
        cases.add(new Case(
                "registration from an issuer of 1100 characters",
                403,
                Shape.ERROR,
                0,
                () -> put(
                        "/registration",
                        body(
                                "registration",
                                crm.sign(with(
                                        claims(TokenRoute.REGISTRATION),
                                        "iss",
                                        Json.createValue(crm.issuer() + "p".repeat(1100))))))));
        cases.add(new Case(
                "registration from an issuer on port 99999",
                403,
                Shape.ERROR,
                0,
                () -> put(
                        "/registration",
                        body(
                                "registration",
                                crm.sign(with(
                                        claims(TokenRoute.REGISTRATION),
                                        "iss",
                                        Json.createValue("http://localhost:99999/")))))));
        // Admin: ids longer than stored ones, and NUL, are a 400 before any query.
        Map<String, String> admin = new LinkedHashMap<>();
        admin.put("messages?messageId=" + "m".repeat(256), "GET");
        admin.put("messages?messageId=a%00b", "GET");
        admin.put("messages/" + HOME.companyId() + "/chat-plugin/7/" + "m".repeat(256), "GET");
        admin.put("tasks/" + "t".repeat(37) + "/replay", "POST");
        for (var e : admin.entrySet()) {
            cases.add(new Case(
                    e.getValue() + " /admin/api/" + abbreviate(e.getKey()),
                    400,
                    Shape.ERROR,
                    0,
                    () -> send(
                            e.getValue(),
                            "/admin/api/" + e.getKey(),
                            Map.of("Authorization", "Bearer " + ADMIN_TOKEN),
                            e.getValue().equals("POST") ? "" : null)));
        }
        cases.add(new Case(
                "GET /admin/api/messages/... with a plugin id of 10000 characters",
                400,
                Shape.BARE,
                0,
                () -> get(
                        "/admin/api/messages/" + HOME.companyId() + "/chat-plugin/" + "9".repeat(10_000) + "/m-1",
                        "Authorization",
                        "Bearer " + ADMIN_TOKEN)));
        return cases.stream().map(this::test);
    }

    /** The admin page says no to every frame (clickjacking): CSP frame-ancestors 'none' and X-Frame-Options. */
    @Test
    void adminPageCannotBeFramed() throws Exception {
        HttpResponse<String> page = TestHttp.client()
                .send(
                        HttpRequest.newBuilder(base.toURI().resolve("/admin/"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("frame-ancestors 'none'"), policy);
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
    }

    // ---------------------------------------------------------------- the checks every case makes

    enum Shape {
        /** {@code {"code": status, "message": "..."}} as JSON. */
        ERROR,
        /** The settings validation map {@code {"group": {"field": ["error"]}}}. */
        FIELD_ERRORS,
        /** Answered by the HTTP layer before the application: only the status is checked. */
        BARE
    }

    private record Case(String name, int status, Shape shape, int keyFetches, Callable<Reply> call) {}

    /** The rows counted at the end of the last case that passed, in this test factory's run; null: count afresh. */
    private JsonObject countedAfterTheLastCase;

    private DynamicTest test(Case c) {
        return DynamicTest.dynamicTest(c.name(), () -> {
            // The count after the case before (they run one at a time): one count per case, not two.
            JsonObject rowsBefore = countedAfterTheLastCase != null ? countedAfterTheLastCase : rows();
            countedAfterTheLastCase = null;
            int fetchesBefore = crm.keyFetches();
            Reply reply = c.call().call();
            String context = c.name() + " -> " + reply.status() + " " + abbreviate(reply.body());
            assertEquals(c.status(), reply.status(), context);
            assertTrue(reply.status() >= 400 && reply.status() < 500, context);
            switch (c.shape()) {
                case ERROR -> {
                    assertTrue(
                            reply.contentType().startsWith("application/json"),
                            context + " content type " + reply.contentType());
                    JsonObject error = json(reply.body(), context).asJsonObject();
                    assertEquals(c.status(), error.getInt("code"), context);
                    assertFalse(error.getString("message").isBlank(), context);
                    assertEquals(2, error.size(), context);
                }
                case FIELD_ERRORS -> {
                    assertTrue(
                            reply.contentType().startsWith("application/json"),
                            context + " content type " + reply.contentType());
                    JsonObject errors = json(reply.body(), context).asJsonObject();
                    assertFalse(errors.isEmpty(), context);
                    errors.values()
                            .forEach(group -> group.asJsonObject()
                                    .values()
                                    .forEach(list ->
                                            assertFalse(list.asJsonArray().isEmpty(), context)));
                }
                case BARE -> {}
            }
            assertFalse(
                    reply.body().contains("Exception") || reply.body().contains("\tat "), context + ": no stack trace");
            JsonObject rowsAfter = rows();
            assertEquals(rowsBefore, rowsAfter, context + ": nothing stored");
            countedAfterTheLastCase = rowsAfter;
            assertEquals(c.keyFetches(), crm.keyFetches() - fetchesBefore, context + ": key fetches from the CRM");
            assertEquals(0, foreign.requests(), context + ": the foreign host was never asked");
        });
    }

    private JsonObject rows() {
        Reply reply = get("/test-probe/rows?prefix=" + PREFIX, null, null);
        assertEquals(200, reply.status(), reply.body());
        return json(reply.body(), "rows").asJsonObject();
    }

    private static JsonStructure json(String text, String context) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.read();
        } catch (RuntimeException e) {
            throw new AssertionError(context + ": not JSON", e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    // ---------------------------------------------------------------- tokens

    private static Company fresh() {
        return new Company(PREFIX + UUID.randomUUID().toString().substring(0, 8), "chat-plugin", "7");
    }

    private String registrationToken() {
        return crm.registrationToken(fresh(), "hpt");
    }

    private String sendToken() {
        return crm.sendToken(HOME, Payloads.text(UUID.randomUUID().toString(), "+15550100", "hi"));
    }

    private String settingsToken(Company company) {
        return crm.sign(crm.claims(company).add("settings", true).build());
    }

    private static String rsa(String alg, String keyId, String payload, SigningKey key) {
        return rsaHeader(
                Json.createObjectBuilder().add("alg", alg).add("pkey", keyId).build(), payload, key);
    }

    private static String rsaHeader(JsonObject header, String payload, SigningKey key) {
        return signed(header, payload, new RSASSASigner(key.privateKey()));
    }

    /** RS512 computed by hand, whatever the header's alg says. */
    private static String rs512As(String alg, String keyId, String payload) {
        String input = b64(Json.createObjectBuilder()
                        .add("alg", alg)
                        .add("pkey", keyId)
                        .build()
                        .toString()) + "." + b64(payload);
        try {
            Signature signature = Signature.getInstance("SHA512withRSA");
            signature.initSign(crm.key().privateKey());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmac(String alg, JsonObject claims, String secret) {
        JsonObject header = Json.createObjectBuilder()
                .add("alg", alg)
                .add("pkey", crm.key().id())
                .build();
        try {
            return signed(header, claims.toString(), new MACSigner(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (KeyLengthException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs any header and payload text as they are (the header's own alg picks the algorithm). */
    private static String signed(JsonObject header, String payload, JWSSigner signer) {
        try {
            JWSObject jws = new JWSObject(JWSHeader.parse(header.toString()), new Payload(payload));
            jws.sign(signer);
            return jws.serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(String alg, String payload, String signature) {
        return b64(Json.createObjectBuilder()
                        .add("alg", alg)
                        .add("pkey", crm.key().id())
                        .build()
                        .toString()) + "." + b64(payload) + "." + signature;
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String cut(String text, int chars) {
        return text.substring(0, text.length() - chars);
    }

    private static JsonObject with(JsonObject claims, String name, JsonValue value) {
        return Json.createObjectBuilder(claims).add(name, value).build();
    }

    private static JsonObject without(JsonObject claims, String name) {
        return Json.createObjectBuilder(claims).remove(name).build();
    }

    /** The claims as text with one more claim written as raw JSON text. */
    private static String withRaw(JsonObject claims, String name, String rawJson) {
        String text = without(claims, name).toString();
        return text.substring(0, text.length() - 1) + ",\"" + name + "\":" + rawJson + "}";
    }

    /** The claims as text with {@code name} written twice: first as it is, last with {@code value}. */
    private static String duplicate(JsonObject claims, String name, String value) {
        String text = claims.toString();
        return text.substring(0, text.length() - 1) + ",\"" + name + "\":\"" + value + "\"}";
    }

    // ---------------------------------------------------------------- HTTP

    private static String body(String name, String token) {
        return Json.createObjectBuilder().add(name, token).build().toString();
    }

    private static String validSettings() {
        return "{\"main\":{\"prefix\":\"P\",\"suffix\":\"S\",\"delay\":2}}";
    }

    private static String gatewayPath(Company c, String route) {
        return "/gateway/" + c.companyId() + "/" + c.alias() + "/" + c.pluginId() + "/" + route;
    }

    private Reply gateway(Company c, String route, String json) {
        return post(gatewayPath(c, route), json, "Authorization", "Bearer " + GATEWAY_TOKEN);
    }

    private static Map<String, String> auth(String value) {
        return value == null ? Map.of() : Map.of("Authorization", value);
    }

    private Reply get(String path, String header, String value) {
        return send("GET", path, header == null || value == null ? Map.of() : Map.of(header, value), null);
    }

    private Reply put(String path, String json) {
        return send("PUT", path, Map.of(), json);
    }

    private Reply post(String path, String json, String header, String value) {
        return send("POST", path, header == null || value == null ? Map.of() : Map.of(header, value), json);
    }

    private Reply post2(String method, String path, String text, String contentType) {
        return send(method, path, Map.of("Content-Type", contentType), text);
    }

    private Reply send(String method, String path, Map<String, String> headers, String body) {
        return plugin.exchange(method, path, headers, body);
    }

    private Reply bytes(String[] route, HttpRequest.BodyPublisher body) {
        Map<String, String> headers = route.length > 2
                ? Map.of(
                        route[2],
                        route[2].equals("X-PLUGIN-TOKEN")
                                ? settingsToken(HOME)
                                : "Bearer " + (route[1].startsWith("/admin") ? ADMIN_TOKEN : GATEWAY_TOKEN))
                : Map.of();
        return plugin.exchange(route[0], route[1], headers, body);
    }

    private Reply raw(String method, String path, byte[] json, String... headers) {
        List<String> head =
                new ArrayList<>(List.of("Content-Type: application/json", "Content-Length: " + json.length));
        head.addAll(List.of(headers));
        return RawHttp.exchange(base, method + " " + path + " HTTP/1.1", head.toArray(String[]::new), json);
    }

    private static byte[] withBytes(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
