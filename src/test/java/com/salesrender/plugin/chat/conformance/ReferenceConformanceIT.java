package com.salesrender.plugin.chat.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginTest;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Replays every recorded exchange of the reference PHP core ({@code conformance/golden/http-*.json}) against this
 * plugin configured as the reference's example, and compares the status, the JSON body (key order included), the
 * content type and the CORS headers. Recorded tokens are decoded and signed again by the fake CRM with the test's
 * issuer, audience, company and expiry; a deliberately broken token keeps its defect. What may differ is only what is
 * random (uuids, signatures, {@code exp}) and the cases of {@link #DIFFERENCES}, each the README's row "Where this core
 * answers differently from the reference".
 */
@PluginTest
@RunAsClient
class ReferenceConformanceIT {

    /** The reference's recording set-up (conformance/README.md), translated into the test's. */
    private static final String RECORDED_SELF_URI = "http://127.0.0.1:8090/";

    private static final String RECORDED_CRM = "127.0.0.1:8091";
    private static final String RECORDED_COMPANY = "1";

    /** The README's reasons (its row named in brackets). */
    private static final String REFUSED_REGISTRATION = "a refused token is the caller's fault, not a plugin failure"
            + " (A registration whose token is missing or refused)";

    private static final String UNKNOWN_ROUTE = "an unknown route is a 404 everywhere here (A path no route serves)";
    private static final String UNDECLARED_NAME =
            "every error has the one JSON shape" + " (autocomplete and preview for a name the plugin does not declare)";
    private static final String PAYLOAD_MESSAGE = "the same status; the message says what to fix"
            + " (A chat payload with neither chat nor message, or with a field of the wrong kind)";

    /**
     * The deliberate differences, keyed by golden case, each a row of the README table: what this core answers instead
     * (checked too: the one error shape with its status, the preflight, or another content type) and why.
     */
    private static final Map<String, Difference> DIFFERENCES = Map.ofEntries(
            refused("http-registration-empty-json", 403, REFUSED_REGISTRATION),
            refused("http-registration-empty-json-nodebug", 403, REFUSED_REGISTRATION),
            refused("http-registration-no-body", 403, REFUSED_REGISTRATION),
            refused("http-registration-garbage-token", 403, REFUSED_REGISTRATION),
            refused("http-registration-garbage-token-nodebug", 403, REFUSED_REGISTRATION),
            refused("http-registration-garbage-3-parts", 403, REFUSED_REGISTRATION),
            refused("http-registration-bad-signature", 403, REFUSED_REGISTRATION),
            refused("http-registration-wrong-aud", 403, REFUSED_REGISTRATION),
            refused("http-registration-wrong-aud-nodebug", 403, REFUSED_REGISTRATION),
            refused("http-registration-wrong-iss-host", 403, REFUSED_REGISTRATION),
            refused("http-registration-wrong-iss-scheme", 403, REFUSED_REGISTRATION),
            refused("http-not-found", 404, UNKNOWN_ROUTE),
            refused("http-not-found-nodebug", 404, UNKNOWN_ROUTE),
            refused("http-upload-unknown-kind", 404, UNKNOWN_ROUTE),
            errorShape(
                    "http-upload-no-body",
                    "every error has the one JSON shape (Upload without a file part, or without a body)"),
            errorShape(
                    "http-upload-no-file-field",
                    "every error has the one JSON shape (Upload without a file part, or without a body)"),
            errorShape("http-protected-autocomplete-unknown", UNDECLARED_NAME),
            errorShape("http-protected-preview-markdown-unknown", UNDECLARED_NAME),
            errorShape("http-protected-preview-table-unknown", UNDECLARED_NAME),
            errorShape("http-special-send-unparsable", PAYLOAD_MESSAGE),
            errorShape("http-special-send-bad-attachment-type", PAYLOAD_MESSAGE),
            Map.entry(
                    "http-robots",
                    new Difference(
                            Expect.TEXT_PLAIN,
                            null,
                            "it is plain text; crawlers read it either way (GET /robots.txt)")),
            Map.entry(
                    "http-options-root",
                    new Difference(
                            Expect.PREFLIGHT,
                            200,
                            "the preflight is answered before routing, on any path (OPTIONS on a path no route serves)")));

    /** Goldens whose token was broken on purpose in a way re-signing would repair. */
    private static final Map<String, Defect> DEFECTS =
            Map.of("http-registration-bad-signature", Defect.SIGNATURE_TAMPERED);

    /**
     * The order the exchanges are replayed in: registration first, settings in the order they were recorded (the data
     * before any save, refused saves, saves, the data after). Every golden must be named here.
     */
    private static final List<String> ORDER = List.of(
            "http-info",
            "http-info-accept-language-en",
            "http-icon-png-head",
            "http-robots",
            "http-options-root",
            "http-options-cors-forms-settings",
            "http-options-cors-special-send",
            "http-method-not-allowed",
            "http-method-not-allowed-post-registration",
            "http-not-found",
            "http-not-found-nodebug",
            "http-registration-empty-json",
            "http-registration-empty-json-nodebug",
            "http-registration-no-body",
            "http-registration-garbage-token",
            "http-registration-garbage-token-nodebug",
            "http-registration-garbage-3-parts",
            "http-registration-bad-signature",
            "http-registration-wrong-aud",
            "http-registration-wrong-aud-nodebug",
            "http-registration-wrong-iss-host",
            "http-registration-wrong-iss-scheme",
            "http-registration-ok-form-urlencoded",
            "http-registration-ok",
            "http-protected-forms-settings-no-token",
            "http-protected-forms-settings-garbage-token",
            "http-protected-forms-settings-garbage-token-nodebug",
            "http-protected-forms-settings-wrong-aud",
            "http-protected-forms-settings-unregistered",
            "http-protected-forms-settings-settings-claim-absent",
            "http-protected-forms-settings-settings-claim-false",
            "http-protected-forms-settings",
            "http-protected-forms-settings-en",
            "http-protected-forms-settings-context",
            "http-protected-data-settings-before-save",
            "http-protected-data-settings-put-invalid",
            "http-protected-data-settings-put-empty-object",
            "http-protected-data-settings-put-negative-delay",
            "http-protected-data-settings-put-ok",
            "http-protected-data-settings-after-save",
            "http-protected-data-settings-put-delay-string",
            "http-protected-data-settings-after-save-2",
            "http-protected-autocomplete-unknown",
            "http-protected-preview-markdown-unknown",
            "http-protected-preview-table-unknown",
            "http-upload-no-token",
            "http-upload-get",
            "http-upload-no-body",
            "http-upload-no-file-field",
            "http-upload-no-extension",
            "http-upload-too-big",
            "http-upload-unknown-kind",
            "http-upload-default",
            "http-upload-image",
            "http-upload-voice",
            "http-special-send-no-body",
            "http-special-send-no-body-nodebug",
            "http-special-send-garbage-token",
            "http-special-send-wrong-aud",
            "http-special-send-unregistered",
            "http-special-send-unparsable",
            "http-special-send-empty-message",
            "http-special-send-blank-text",
            "http-special-send-bad-attachment-type",
            "http-special-send-ok");

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TRIMMED = Pattern.compile("\\.\\.\\. \\[(\\d+) characters in all; trimmed]$");
    private static final List<String> CORS =
            List.of("Access-Control-Allow-Origin", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods");

    @Kit
    static FakeCrm crm;
    /** A company id of this run only, standing for the recorded company 1: reruns on one database start clean. */
    private static final String COMPANY =
            String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000));

    @ArquillianResource
    URL base;

    /** The packaged WAR with the reference example's configuration over the test server's. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithEcho()
                .addAsLibrary(ShrinkWrap.create(JavaArchive.class, "reference-example.jar")
                        .addAsManifestResource(
                                "conformance/reference-example.properties", "microprofile-config.properties"));
    }

    @Test
    void everyGoldenIsReplayed() throws Exception {
        Set<String> recorded;
        try (Stream<Path> files = Files.list(Path.of(
                ReferenceConformanceIT.class.getResource("/conformance/golden").toURI()))) {
            recorded = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("http-") && name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(recorded, new TreeSet<>(ORDER), "every golden is replayed, once");
        assertTrue(
                ORDER.containsAll(DIFFERENCES.keySet()) && ORDER.containsAll(DEFECTS.keySet()),
                "differences and defects name goldens");
    }

    @Test
    void answersAsTheReference() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        List<String> failures = new ArrayList<>();
        for (String name : ORDER) {
            JsonObject golden = golden(name);
            JsonObject expected = golden(ORDER.contains(name + "-nodebug") ? name + "-nodebug" : name)
                    .getJsonObject("response");
            HttpResponse<String> answer =
                    http.send(replay(name, golden.getJsonObject("request")), HttpResponse.BodyHandlers.ofString());
            List<String> differences = new ArrayList<>();
            Difference documented = DIFFERENCES.get(name);
            if (documented == null) {
                compare(expected, answer, differences);
            } else {
                compareDocumented(documented, expected, answer, differences);
            }
            differences.forEach(d -> failures.add(name + ": " + d));
        }
        assertTrue(
                failures.isEmpty(),
                () -> failures.size() + " differences from the reference:\n" + String.join("\n", failures));
        // The recorded message (special-send-ok) is answered by the echo example 4 x 3 s later: wait for its reply,
        // so that no work is in flight when the server stops (the next test class's server opens the same database).
        Company recorded = new Company(COMPANY, "chat-example", "7");
        assertTrue(
                PluginClient.eventually(
                        Duration.ofSeconds(60),
                        () -> crm.callbacks(recorded).stream().anyMatch(FakeCrm.Callback::isIncoming)),
                "the echo example replies to the recorded message");
    }

    /** Status, CORS headers, content type family, body; nothing random is left once translated. */
    private static void compare(JsonObject expected, HttpResponse<String> answer, List<String> differences) {
        int status = expected.getInt("status");
        if (status != answer.statusCode()) {
            differences.add("status " + status + " != " + answer.statusCode() + " " + answer.body());
        }
        compareHeaders(expected, answer, differences);
        String body = expected.getString("body");
        if (expected.get("body_json").getValueType() != JsonValue.ValueType.NULL) {
            Optional<JsonValue> actual = parse(answer.body());
            if (actual.isEmpty()) {
                differences.add("body is not JSON: " + answer.body());
            } else {
                JsonComparison.compare(
                        "body", translate(expected.get("body_json")), translate(actual.get()), differences);
            }
        } else if (!body.equals(answer.body())) {
            differences.add("body " + quoted(body) + " != " + quoted(answer.body()));
        }
    }

    private static void compareHeaders(JsonObject expected, HttpResponse<String> answer, List<String> differences) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonValue pair : expected.getJsonArray("headers")) {
            headers.put(
                    pair.asJsonArray().getString(0).toLowerCase(Locale.ROOT),
                    pair.asJsonArray().getString(1));
        }
        for (String cors : CORS) {
            String value = headers.get(cors.toLowerCase(Locale.ROOT));
            if (value != null && !value.equals(answer.headers().firstValue(cors).orElse(null))) {
                differences.add(cors + " " + quoted(value) + " != "
                        + quoted(answer.headers().firstValue(cors).orElse(null)));
            }
        }
        // The type matters where there is something to type: a body, or a HEAD's.
        boolean typed = !expected.getString("body").isEmpty() || headers.containsKey("content-length");
        String type = headers.get("content-type");
        if (typed && type != null) {
            String actual = answer.headers().firstValue("Content-Type").orElse("");
            if (!family(type).equals(family(actual))) {
                differences.add("Content-Type " + quoted(type) + " != " + quoted(actual));
            }
        }
    }

    /**
     * A documented difference: what the README says this core answers instead (the one error shape with its status, the
     * preflight, or the golden's answer under another content type); the CORS headers all the same.
     */
    private static void compareDocumented(
            Difference documented, JsonObject expected, HttpResponse<String> answer, List<String> differences) {
        if (documented.expect() == Expect.TEXT_PLAIN) {
            JsonArray headers = Json.createArrayBuilder(expected.getJsonArray("headers").stream()
                            .filter(h -> !h.asJsonArray().getString(0).equalsIgnoreCase("Content-Type"))
                            .toList())
                    .build();
            compare(Json.createObjectBuilder(expected).add("headers", headers).build(), answer, differences);
            if (!family(answer.headers().firstValue("Content-Type").orElse("")).equals("text/plain")) {
                differences.add("documented as text/plain: " + answer.headers().firstValue("Content-Type"));
            }
            return;
        }
        if (documented.expect() == Expect.PREFLIGHT) {
            if (answer.statusCode() != 200 || !answer.body().isEmpty()) {
                differences.add(
                        "documented as the preflight (200, no body): " + answer.statusCode() + " " + answer.body());
            }
            compareHeaders(Json.createObjectBuilder(expected).add("body", "").build(), answer, differences);
            return;
        }
        int status = documented.status() != null ? documented.status() : expected.getInt("status");
        if (status != answer.statusCode()) {
            differences.add("documented as " + status + " but answered " + answer.statusCode() + " " + answer.body());
        }
        Optional<JsonValue> body = parse(answer.body());
        if (body.isEmpty()
                || body.get().getValueType() != JsonValue.ValueType.OBJECT
                || !body.get().asJsonObject().getJsonNumber("code").toString().equals(String.valueOf(status))
                || body.get().asJsonObject().getString("message", "").isEmpty()) {
            differences.add("documented answer is not the error shape with code " + status + ": " + answer.body());
        }
        if (!family(answer.headers().firstValue("Content-Type").orElse("")).equals("application/json")) {
            differences.add("documented answer is not JSON: " + answer.headers().firstValue("Content-Type"));
        }
        JsonObject corsOnly = Json.createObjectBuilder(expected).add("body", "").build();
        compareHeaders(corsOnly, answer, differences);
    }

    /** The recorded request with the test's host, tokens, company and a body as long as the recorded one. */
    private HttpRequest replay(String name, JsonObject request) throws Exception {
        String path = request.getString("path").substring(1);
        HttpRequest.Builder call = HttpRequest.newBuilder(
                        URI.create(base.toString()).resolve(path))
                .timeout(Duration.ofSeconds(60));
        JsonObject headers = request.getJsonObject("headers");
        String contentType = headers.getString("Content-Type", "");
        for (Map.Entry<String, JsonValue> header : headers.entrySet()) {
            String value = ((JsonString) header.getValue()).getString();
            call.header(
                    header.getKey(), header.getKey().equalsIgnoreCase("X-PLUGIN-TOKEN") ? token(name, value) : value);
        }
        String body = request.get("body") instanceof JsonString s ? s.getString() : null;
        if (body != null && contentType.startsWith("application/json")) {
            body = jsonBody(name, body);
        } else if (body != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            body = formBody(name, body);
        } else if (body != null && contentType.startsWith("multipart/form-data")) {
            body = untrimmed(body, contentType.substring(contentType.indexOf("boundary=") + "boundary=".length()));
        }
        return call.method(
                        request.getString("method"),
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private String jsonBody(String name, String body) {
        Optional<JsonValue> parsed = parse(body);
        if (parsed.isEmpty() || parsed.get().getValueType() != JsonValue.ValueType.OBJECT) {
            return body;
        }
        JsonObjectBuilder replayed = Json.createObjectBuilder();
        parsed.get()
                .asJsonObject()
                .forEach((key, value) -> replayed.add(
                        key,
                        (key.equals("registration") || key.equals("request")) && value instanceof JsonString token
                                ? Json.createValue(token(name, token.getString()))
                                : value));
        return replayed.build().toString();
    }

    private String formBody(String name, String body) {
        return Stream.of(body.split("&"))
                .map(pair -> {
                    int eq = pair.indexOf('=');
                    String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    return pair.substring(0, eq) + "="
                            + URLEncoder.encode(
                                    key.equals("registration") || key.equals("request") ? token(name, value) : value,
                                    StandardCharsets.UTF_8);
                })
                .collect(Collectors.joining("&"));
    }

    /** A recorded body cut short in the golden ("... [N characters in all; trimmed]"), rebuilt to its length. */
    private static String untrimmed(String body, String boundary) {
        Matcher trimmed = TRIMMED.matcher(body);
        if (!trimmed.find()) {
            return body;
        }
        String head = body.substring(0, trimmed.start());
        char filler = head.charAt(head.length() - 1);
        String tail = "\r\n--" + boundary + "--\r\n";
        return head
                + String.valueOf(filler).repeat(Integer.parseInt(trimmed.group(1)) - head.length() - tail.length())
                + tail;
    }

    /**
     * A recorded token signed again by the fake CRM: the recorded header and claims, with this test's issuer (the
     * recorded CRM's host and port only: an untrusted issuer stays untrusted), audience (the recorded self URI only: a
     * wrong audience stays wrong), company and expiry. Anything that is not a JWT stays as recorded.
     */
    private String token(String name, String recorded) {
        String[] parts = recorded.split("\\.");
        if (parts.length != 3) {
            return recorded;
        }
        Optional<JsonValue> header = parse(new Base64URL(parts[0]).decodeToString());
        Optional<JsonValue> claims = parse(new Base64URL(parts[1]).decodeToString());
        if (header.isEmpty() || claims.isEmpty()) {
            return recorded;
        }
        JsonObject recordedClaims = claims.get().asJsonObject();
        JsonObjectBuilder replayed = Json.createObjectBuilder(recordedClaims);
        if (recordedClaims.get("iss") instanceof JsonString iss) {
            replayed.add(
                    "iss",
                    iss.getString()
                            .replace(
                                    RECORDED_CRM,
                                    "localhost:" + URI.create(crm.issuer()).getPort()));
        }
        if (recordedClaims.get("aud") instanceof JsonString aud
                && aud.getString().equals(RECORDED_SELF_URI)) {
            replayed.add("aud", FakeCrm.SELF_URI);
        }
        if (recordedClaims.get("cid") instanceof JsonString cid
                && cid.getString().equals(RECORDED_COMPANY)) {
            replayed.add("cid", COMPANY);
        }
        if (recordedClaims.containsKey("exp")) {
            replayed.add("exp", System.currentTimeMillis() / 1000 + 3600);
        }
        try {
            JWSHeader recordedHeader = JWSHeader.parse(header.get().toString());
            JWSHeader.Builder headerBuilder =
                    new JWSHeader.Builder(recordedHeader.getAlgorithm()).type(recordedHeader.getType());
            recordedHeader.getCustomParams().forEach(headerBuilder::customParam);
            JWSHeader signedHeader =
                    headerBuilder.customParam("pkey", crm.key().id()).build();
            JWSObject jws =
                    new JWSObject(signedHeader, new Payload(replayed.build().toString()));
            jws.sign(new RSASSASigner(crm.key().privateKey()));
            String token = jws.serialize();
            return DEFECTS.getOrDefault(name, Defect.NONE).applyTo(token);
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException(name + ": cannot sign the recorded token again", e);
        }
    }

    /** The recorded self URI and company as the test's; uuids (random on both sides) as a placeholder. */
    private static JsonValue translate(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING ->
                Json.createValue(UUID.matcher(((JsonString) value)
                                .getString()
                                .replace(
                                        RECORDED_SELF_URI + "uploaded/" + RECORDED_COMPANY + "/",
                                        FakeCrm.SELF_URI + "uploaded/" + COMPANY + "/")
                                .replace(RECORDED_SELF_URI, FakeCrm.SELF_URI))
                        .replaceAll("<uuid>"));
            case OBJECT -> {
                JsonObjectBuilder object = Json.createObjectBuilder();
                value.asJsonObject().forEach((key, item) -> object.add(key, translate(item)));
                yield object.build();
            }
            case ARRAY -> {
                var array = Json.createArrayBuilder();
                value.asJsonArray().forEach(item -> array.add(translate(item)));
                yield array.build();
            }
            default -> value;
        };
    }

    private static JsonObject golden(String name) throws Exception {
        try (InputStream in =
                        ReferenceConformanceIT.class.getResourceAsStream("/conformance/golden/" + name + ".json");
                JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        }
    }

    private static Optional<JsonValue> parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return Optional.of(reader.readValue());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String family(String contentType) {
        return contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    }

    private static String quoted(String text) {
        return text == null ? "(none)" : "'" + (text.length() > 300 ? text.substring(0, 300) + "..." : text) + "'";
    }

    /**
     * A documented difference: what this core answers instead, its status (null: the reference's), the README's reason.
     */
    private record Difference(Expect expect, Integer status, String reason) {}

    private enum Expect {
        ERROR_SHAPE,
        PREFLIGHT,
        TEXT_PLAIN
    }

    /** This core refuses with another status, in the one error shape. */
    private static Map.Entry<String, Difference> refused(String name, int status, String reason) {
        return Map.entry(name, new Difference(Expect.ERROR_SHAPE, status, reason));
    }

    /** The reference's status, but the one error shape where the reference answers an empty or other body. */
    private static Map.Entry<String, Difference> errorShape(String name, String reason) {
        return Map.entry(name, new Difference(Expect.ERROR_SHAPE, null, reason));
    }

    /** How a recorded token was broken on purpose, applied again to the re-signed token. */
    private enum Defect {
        NONE,
        /** The recorded signature's last six characters were replaced by {@code AAAAAA}. */
        SIGNATURE_TAMPERED;

        String applyTo(String token) {
            return this == SIGNATURE_TAMPERED ? token.substring(0, token.length() - 6) + "AAAAAA" : token;
        }
    }
}
