package com.salesrender.plugin.chat.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.conformance.JsonComparison;
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
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The echo example's settings page against the reference example's recorded answers, in the order they were recorded
 * (form, data before any save, refused saves, saves, data after): same status, same JSON.
 */
@PluginTest
@RunAsClient
class EchoSettingsIT {

    private static final List<String> RECORDED_ORDER = List.of(
            "http-protected-forms-settings",
            "http-protected-data-settings-before-save",
            "http-protected-data-settings-put-invalid",
            "http-protected-data-settings-put-empty-object",
            "http-protected-data-settings-put-negative-delay",
            "http-protected-data-settings-put-ok",
            "http-protected-data-settings-after-save",
            "http-protected-data-settings-put-delay-string",
            "http-protected-data-settings-after-save-2");

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithEcho();
    }

    private static JsonObject golden(String name) throws Exception {
        try (InputStream in = EchoSettingsIT.class.getResourceAsStream("/conformance/golden/" + name + ".json");
                JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        }
    }

    private static JsonValue parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    @Test
    void answersAsTheReferenceExample() throws Exception {
        Company company = Company.fresh();
        assertEquals(200, new PluginClient(base).register(crm, company, "hpt").status());
        String token = crm.sign(crm.claims(company).add("settings", true).build());
        HttpClient http = TestHttp.client();
        for (String name : RECORDED_ORDER) {
            JsonObject recorded = golden(name);
            JsonObject request = recorded.getJsonObject("request");
            JsonObject response = recorded.getJsonObject("response");
            String body = request.get("body") instanceof JsonString s ? s.getString() : null;
            HttpRequest.Builder call = HttpRequest.newBuilder(
                            URI.create(base.toString()).resolve(request.getString("path")))
                    .header("X-PLUGIN-TOKEN", token)
                    .method(
                            request.getString("method"),
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                call.header("Content-Type", "application/json");
            }
            HttpResponse<String> answer = http.send(call.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(response.getInt("status"), answer.statusCode(), name + ": " + answer.body());
            JsonValue expected = parse(response.getString("body"));
            if (name.equals("http-protected-forms-settings")) {
                expected = withTestDefaults(expected.asJsonObject());
            }
            List<String> differences = new ArrayList<>();
            JsonComparison.compare(name, expected, parse(answer.body()), differences);
            assertTrue(differences.isEmpty(), () -> String.join("\n", differences));
        }
    }

    /**
     * The defaults come from configuration ({@code plugin.echo.prefix}, {@code .suffix}, {@code .delay}): the
     * reference's in the WAR ({@code EchoSettingsFormTest} checks those), {@code [}, {@code ]} and 1 on the test
     * server.
     */
    private static JsonObject withTestDefaults(JsonObject form) {
        JsonObject main = form.getJsonObject("groups").getJsonObject("main");
        JsonObject fields = main.getJsonObject("fields");
        JsonObject patched = Json.createObjectBuilder(fields)
                .add(
                        "prefix",
                        Json.createObjectBuilder(fields.getJsonObject("prefix")).add("default", "["))
                .add(
                        "suffix",
                        Json.createObjectBuilder(fields.getJsonObject("suffix")).add("default", "]"))
                .add(
                        "delay",
                        Json.createObjectBuilder(fields.getJsonObject("delay")).add("default", 1))
                .build();
        return Json.createObjectBuilder(form)
                .add(
                        "groups",
                        Json.createObjectBuilder(form.getJsonObject("groups"))
                                .add("main", Json.createObjectBuilder(main).add("fields", patched)))
                .build();
    }
}
