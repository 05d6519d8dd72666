package com.salesrender.plugin.chat.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testing.TestHttp;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The plugin surface the CRM's pages use: protected routes, the settings form and data, CORS, robots.txt, the error
 * shape and tenant isolation. This WAR lacks its icon (so /info must answer 510) and carries a settings form with every
 * field kind, declared the way a plugin author replaces the shipped one.
 */
@PluginTest
@RunAsClient
class PluginSurfaceIT {

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    private final HttpClient http = TestHttp.client();

    @Kit(registeredWith = "hpt")
    Company company;

    @Deployment(testable = false)
    static WebArchive deployment() {
        WebArchive war = Deployments.pluginWithEcho().addClass(TestSettingsForm.class);
        war.delete("/icon.png");
        return war;
    }

    private String token(Company c, boolean settings) {
        return crm.sign(crm.claims(c).add("settings", settings).build());
    }

    private HttpResponse<String> call(String method, String path, String pluginToken, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(base.toString()).resolve(path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (pluginToken != null) {
                request.header("X-PLUGIN-TOKEN", pluginToken);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static void assertError(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(status, json(response.body()).getInt("code"), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertCors(response);
    }

    private static void assertCors(HttpResponse<String> response) {
        assertEquals(
                "*",
                response.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                response.uri().toString());
        assertEquals(
                "GET, POST, PUT, OPTIONS",
                response.headers().firstValue("Access-Control-Allow-Methods").orElse(null));
        assertEquals(
                "*",
                response.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
    }

    @Test
    void missingIconMakesInfoAnswer510() {
        assertError(call("GET", "/info", null, null), 510);
        assertError(call("GET", "/icon.png", null, null), 404);
    }

    @Test
    void oversizedBodiesAreRefused() throws Exception {
        String huge = "{\"request\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
        HttpResponse<String> declared = call("POST", "/special/send", null, huge);
        assertError(declared, 413);

        // Without a declared length (chunked), the body is cut off at the limit.
        byte[] bytes = huge.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = http.send(
                HttpRequest.newBuilder(URI.create(base.toString()).resolve("/registration"))
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertEquals(413, json(chunked.body()).getInt("code"));
    }

    @Test
    void readinessReportsDatabaseAndBroker() {
        HttpResponse<String> ready = call("GET", "/health/ready", null, null);
        assertEquals(200, ready.statusCode(), ready.body());
        JsonObject check = json(ready.body()).getJsonArray("checks").stream()
                .map(JsonValue::asJsonObject)
                .filter(c -> "chat-plugin".equals(c.getString("name")))
                .findFirst()
                .orElseThrow();
        assertEquals("UP", check.getString("status"));
        assertEquals("UP", check.getJsonObject("data").getString("database"));
        assertEquals("UP", check.getJsonObject("data").getString("broker"));
        assertEquals(200, call("GET", "/health/live", null, null).statusCode());
    }

    @Test
    void robotsTxtDisallowsEverything() {
        HttpResponse<String> robots = call("GET", "/robots.txt", null, null);
        assertEquals(200, robots.statusCode());
        assertEquals("User-agent: *\nDisallow: /", robots.body());
        assertCors(robots);
    }

    @Test
    void corsOnEveryAnswerAndPreflightOnEveryRoute() {
        for (String path : List.of(
                "/registration",
                "/special/send",
                "/protected/forms/settings",
                "/protected/data/settings",
                "/info",
                "/no/such/route")) {
            HttpResponse<String> preflight = call("OPTIONS", path, null, null);
            assertTrue(
                    preflight.statusCode() == 200 || preflight.statusCode() == 204,
                    path + " " + preflight.statusCode());
            assertCors(preflight);
        }
        assertError(call("GET", "/no/such/route", null, null), 404);
        assertError(call("DELETE", "/robots.txt", null, null), 405);
        assertError(call("PUT", "/registration", null, "{}"), 403);
    }

    @Test
    void protectedRoutesNeedAValidTokenOfARegisteredCompany() {
        for (String path : List.of("/protected/forms/settings", "/protected/data/settings")) {
            assertError(call("GET", path, null, null), 401);
            assertError(call("GET", path, "garbage", null), 403);
            assertError(
                    call(
                            "GET",
                            path,
                            crm.sign(
                                    crm.claims(company).add("settings", true).build(),
                                    crm.key().id(),
                                    crm.newKey(false)),
                            null),
                    403);
            assertError(call("GET", path, token(Company.fresh(), true), null), 403);
            HttpResponse<String> noSettings = call("GET", path, token(company, false), null);
            assertError(noSettings, 403);
            assertEquals(
                    "Access to settings is not allowed", json(noSettings.body()).getString("message"));
            assertError(call("GET", path, crm.sign(crm.claims(company).build()), null), 403);
        }
        assertError(call("PUT", "/protected/data/settings", null, "{}"), 401);
        assertError(call("PUT", "/protected/data/settings", token(company, false), "{}"), 403);
    }

    @Test
    void formIsServed() {
        HttpResponse<String> form = call("GET", "/protected/forms/settings", token(company, true), null);
        assertEquals(200, form.statusCode(), form.body());
        assertCors(form);
        JsonObject groups = json(form.body()).getJsonObject("groups");
        assertEquals(
                "string",
                groups.getJsonObject("main")
                        .getJsonObject("fields")
                        .getJsonObject("prefix")
                        .getString("definition"));
        assertEquals(
                "password",
                groups.getJsonObject("auth")
                        .getJsonObject("fields")
                        .getJsonObject("token")
                        .getString("definition"));
        assertEquals("Save", json(form.body()).getString("button"));
    }

    @Test
    void settingsRoundTripWithValidationAndMasking() {
        String token = token(company, true);
        // Before the first save the reference answers [] (an empty PHP array), not the defaults.
        assertEquals("[]", call("GET", "/protected/data/settings", token, null).body());

        HttpResponse<String> invalid = call(
                "PUT",
                "/protected/data/settings",
                token,
                "{\"main\":{\"prefix\":null,\"suffix\":\">\",\"delay\":42},\"auth\":{\"channels\":[\"fax\"]}}");
        assertEquals(400, invalid.statusCode(), invalid.body());
        JsonObject errors = json(invalid.body());
        assertFalse(errors.getJsonObject("main").getJsonArray("prefix").isEmpty());
        assertFalse(errors.getJsonObject("main").getJsonArray("delay").isEmpty());
        assertFalse(errors.getJsonObject("auth").getJsonArray("channels").isEmpty());
        assertFalse(errors.getJsonObject("main").containsKey("suffix"));
        assertEquals("[]", call("GET", "/protected/data/settings", token, null).body(), "nothing saved");

        HttpResponse<String> saved = call(
                "PUT",
                "/protected/data/settings",
                token,
                "{\"main\":{\"prefix\":\"<\",\"suffix\":\">\",\"delay\":2,\"extra\":1},"
                        + "\"auth\":{\"token\":\"s3cret\",\"channels\":[\"wa\"]},\"unknown\":{\"a\":1}}");
        assertEquals(200, saved.statusCode(), saved.body());
        assertFalse(saved.body().contains("s3cret"));
        JsonObject data = json(saved.body());
        assertEquals(JsonValue.TRUE, data.getJsonObject("auth").get("token"));
        assertEquals("<", data.getJsonObject("main").getString("prefix"));
        assertFalse(data.containsKey("unknown"));
        assertFalse(data.getJsonObject("main").containsKey("extra"));
        assertEquals(
                data, json(call("GET", "/protected/data/settings", token, null).body()));

        // The password field left out: the stored one stays. Required means not null: "" is a value.
        HttpResponse<String> again = call(
                "PUT",
                "/protected/data/settings",
                token,
                "{\"main\":{\"prefix\":\"\",\"suffix\":\"}\",\"delay\":1},\"auth\":{\"channels\":[]}}");
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(JsonValue.TRUE, json(again.body()).getJsonObject("auth").get("token"));
        assertEquals("", json(again.body()).getJsonObject("main").getString("prefix"));

        assertEquals(
                400, call("PUT", "/protected/data/settings", token, "not json").statusCode());
        assertEquals(
                400, call("PUT", "/protected/data/settings", token, "[1,2]").statusCode());
    }

    @Test
    void oneCompanyNeverSeesAnothersSettings() {
        assertEquals(
                200,
                call(
                                "PUT",
                                "/protected/data/settings",
                                token(company, true),
                                "{\"main\":{\"prefix\":\"A-only\",\"suffix\":\"!\",\"delay\":5},\"auth\":{\"token\":\"a-secret\"}}")
                        .statusCode());

        Company other = Company.fresh();
        assertEquals(200, new PluginClient(base).register(crm, other, "hpt").status());
        Company samePluginOtherId = new Company(company.companyId(), company.alias(), "8");
        assertEquals(
                200,
                new PluginClient(base).register(crm, samePluginOtherId, "hpt").status());

        for (Company c : List.of(other, samePluginOtherId)) {
            assertEquals(
                    "[]",
                    call("GET", "/protected/data/settings", token(c, true), null)
                            .body(),
                    c.toString());
            assertEquals(
                    200,
                    call(
                                    "PUT",
                                    "/protected/data/settings",
                                    token(c, true),
                                    "{\"main\":{\"prefix\":\"B\",\"suffix\":\"!\",\"delay\":1}}")
                            .statusCode());
        }
        JsonObject mine = json(call("GET", "/protected/data/settings", token(company, true), null)
                .body());
        assertEquals("A-only", mine.getJsonObject("main").getString("prefix"));
        assertEquals(5, mine.getJsonObject("main").getInt("delay"));
        assertEquals(JsonValue.TRUE, mine.getJsonObject("auth").get("token"));
    }
}
