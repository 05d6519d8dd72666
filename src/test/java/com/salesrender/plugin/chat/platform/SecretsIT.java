package com.salesrender.plugin.chat.platform;

import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.settings.TestSettingsForm;
import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testing.TestHttp;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginClient.Answer;
import com.salesrender.plugin.chat.testkit.PluginTest;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Secrets at rest with {@code plugin.secrets.key} set (arquillian.xml): the HPT and password settings are stored
 * encrypted, rows stored in clear before the key still work and are encrypted on their next write, and a row encrypted
 * with another key fails its request to the CRM with the reason, sending nothing.
 */
@PluginTest
@RunAsClient
class SecretsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithRecordingGateway().addClasses(TestSettingsForm.class, SecretsProbe.class);
    }

    @Test
    void theHptIsStoredEncryptedAndAnHptStoredInClearStillSignsUntilItIsWrittenAgain() throws Exception {
        PluginClient plugin = new PluginClient(base);
        Company company = Company.fresh();
        String hpt = "hpt-" + UUID.randomUUID();
        assertEquals(200, plugin.register(crm, company, hpt).status());
        String stored = raw(plugin, company).getString("hpt");
        assertTrue(stored.startsWith("enc:v2:"), stored);
        assertFalse(stored.contains(hpt));

        assertEquals(202, gatewayStatus(company, "m-1", "sent"));
        FakeCrm.Callback first = awaitCallback(company, "m-1");
        assertEquals(hpt, first.verifiedBy(), "signed with the HPT opened from the encrypted column");

        // A row written before the key was set: read as it is.
        assertEquals(
                204,
                plugin.post("test-probe/secrets/plain-hpt/" + company.companyId() + "?hpt=" + hpt, "")
                        .status());
        assertEquals(hpt, raw(plugin, company).getString("hpt"));
        assertEquals(202, gatewayStatus(company, "m-2", "sent"));
        assertEquals(hpt, awaitCallback(company, "m-2").verifiedBy(), "an HPT stored in clear still signs");

        // Its next write encrypts it.
        String renewed = "hpt-" + UUID.randomUUID();
        assertEquals(200, plugin.register(crm, company, renewed).status());
        String rewritten = raw(plugin, company).getString("hpt");
        assertTrue(rewritten.startsWith("enc:v2:") && !rewritten.contains(renewed), rewritten);
    }

    @Test
    void anHptEncryptedWithAnotherKeyFailsItsRequestWithTheReasonAndSendsNothing() throws Exception {
        PluginClient plugin = new PluginClient(base);
        Company company = Company.fresh();
        assertEquals(200, plugin.register(crm, company, "hpt-foreign").status());
        assertEquals(
                204,
                plugin.post("test-probe/secrets/foreign-hpt/" + company.companyId() + "?hpt=hpt-foreign", "")
                        .status());

        assertEquals(202, gatewayStatus(company, "m-x", "sent"));
        assertTrue(
                eventually(
                        WAIT, () -> lastError(plugin, company).contains("cannot be decrypted with plugin.secrets.key")),
                "the attempt failed with the reason: " + lastError(plugin, company));
        assertTrue(crm.callbacks(company).isEmpty(), "nothing reached the CRM");
    }

    @Test
    void passwordSettingsAreStoredEncryptedAndOnesStoredInClearAreEncryptedOnTheNextSave() {
        PluginClient plugin = new PluginClient(base);
        Company company = Company.fresh();
        assertEquals(200, plugin.register(crm, company, "hpt").status());
        String token = crm.sign(crm.claims(company).add("settings", true).build());
        String data =
                "{\"main\":{\"prefix\":\"<\",\"suffix\":\">\",\"delay\":2},\"auth\":{\"token\":\"s3cret-api-token\",\"channels\":[\"wa\"]}}";
        Answer saved = settings(token, "PUT", data);
        assertEquals(200, saved.status(), saved.body());
        assertEquals(JsonValue.TRUE, saved.object().getJsonObject("auth").get("token"), "never sent back");

        String stored = raw(plugin, company).getString("settings");
        assertFalse(stored.contains("s3cret-api-token"), stored);
        assertTrue(stored.contains("\"token\":\"enc:v2:"), stored);
        assertTrue(stored.contains("\"prefix\":\"<\""), "only passwords are encrypted: " + stored);
        assertEquals(
                "s3cret-api-token",
                senderSettings(plugin, company).getJsonObject("auth").getString("token"));

        // Stored in clear before the key: still read, and encrypted by the next save (which leaves the password out).
        assertEquals(
                204,
                plugin.post("test-probe/secrets/plain-settings/" + company.companyId(), data)
                        .status());
        assertTrue(raw(plugin, company).getString("settings").contains("s3cret-api-token"));
        assertEquals(
                "s3cret-api-token",
                senderSettings(plugin, company).getJsonObject("auth").getString("token"));
        assertEquals(
                JsonValue.TRUE,
                settings(token, "GET", null).object().getJsonObject("auth").get("token"));
        Answer again = settings(
                token, "PUT", "{\"main\":{\"prefix\":\"{\",\"suffix\":\"}\",\"delay\":1},\"auth\":{\"channels\":[]}}");
        assertEquals(200, again.status(), again.body());
        String rewritten = raw(plugin, company).getString("settings");
        assertFalse(rewritten.contains("s3cret-api-token"), rewritten);
        assertEquals(
                "s3cret-api-token",
                senderSettings(plugin, company).getJsonObject("auth").getString("token"),
                "a password left out keeps its value");
    }

    private FakeCrm.Callback awaitCallback(Company company, String messageId) {
        assertTrue(
                eventually(WAIT, () -> callback(company, messageId) != null), "the CRM got the status of " + messageId);
        return callback(company, messageId);
    }

    private static FakeCrm.Callback callback(Company company, String messageId) {
        List<FakeCrm.Callback> callbacks = crm.callbacks(company);
        return callbacks.stream()
                .filter(c -> c.isStatus() && messageId.equals(c.messageId()))
                .findFirst()
                .orElse(null);
    }

    private static JsonObject raw(PluginClient plugin, Company company) {
        return plugin.get("test-probe/secrets/raw/" + company.companyId()).object();
    }

    private static JsonObject senderSettings(PluginClient plugin, Company company) {
        return plugin.get("test-probe/secrets/sender-settings/" + company.companyId() + "/" + company.alias() + "/"
                        + company.pluginId())
                .object();
    }

    private String lastError(PluginClient plugin, Company company) {
        Answer answer = plugin.get("test-probe/crm/requests/" + company.companyId());
        return answer.body();
    }

    private Answer settings(String token, String method, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(base.toString()).resolve("protected/data/settings"))
                    .header("X-PLUGIN-TOKEN", token)
                    .header("Content-Type", "application/json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response = TestHttp.client().send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int gatewayStatus(Company company, String messageId, String status) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString())
                        .resolve("gateway/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId()
                                + "/status"))
                .header("Authorization", "Bearer test-gateway-token")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"" + messageId + "\",\"status\":\"" + status + "\"}"))
                .build();
        return TestHttp.client()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
