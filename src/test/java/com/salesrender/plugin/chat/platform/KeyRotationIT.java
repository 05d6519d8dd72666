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
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginClient.Answer;
import com.salesrender.plugin.chat.testkit.PluginServer;
import com.salesrender.plugin.chat.testkit.Prometheus;
import com.salesrender.plugin.chat.testkit.SharedH2Database;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.Test;

/**
 * Rotating {@code plugin.secrets.key} on the real server, one database across three starts, with no secret lost:
 *
 * <ol>
 *   <li>key A: a registration and a password setting sealed through the routes ({@code enc:v2:<id of A>:}), another
 *       company's as a core before key ids left them ({@code enc:v1:}), and a plugin's own value
 *       ({@code PluginSecrets});
 *   <li>key B with A as a previous key: the sweep at the start reseals every core value with B; with the rows put back
 *       as key A left them, sends reach the gateway and are answered to the CRM signed with the HPTs, the settings
 *       read, the plugin's value opens, and {@code chat_secrets_old_key_values} counts the four core values; a sweep
 *       reseals them and the gauge goes back to 0;
 *   <li>key B alone: everything the sweep resealed still works; the plugin's value resealed through the API opens, the
 *       one left under A does not.
 * </ol>
 *
 * Runs on the pass's database: an H2 database the test serves (the servers start one after the other), or the
 * PostgreSQL server of the PostgreSQL pass.
 */
class KeyRotationIT {

    /** How long a start may take on a loaded machine (a bound, not an assertion). */
    private static final Duration START = Duration.ofMinutes(4);

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final String KEY_A = randomKey();
    private static final String KEY_B = randomKey();
    private static final String ID_A = Secrets.keyId(Secrets.key(KEY_A));
    private static final String ID_B = Secrets.keyId(Secrets.key(KEY_B));

    private final Path work = Path.of("target", "key-rotation", String.valueOf(System.nanoTime()));

    private final Company fresh = Company.fresh();
    private final Company legacy = Company.fresh();
    private final Map<Company, String> hpts = Map.of(fresh, "hpt-fresh-" + fresh.companyId(), legacy, "hpt-legacy");
    private final Map<Company, String> tokens = Map.of(fresh, "s3cret-fresh", legacy, "s3cret-legacy");
    private final List<PluginServer> servers = new ArrayList<>();

    private FakeCrm crm;
    private int sends;

    @Test
    void valuesSealedWithTheOldKeyKeepWorkingAreResealedInTheBackgroundAndTheOldKeyCanThenGo() throws Exception {
        Files.createDirectories(work);
        Path war = work.resolve("plugin.war");
        Deployments.pluginWithRecordingGateway()
                .addClasses(TestSettingsForm.class, SecretsProbe.class)
                .as(ZipExporter.class)
                .exportTo(war.toFile());
        boolean postgres = Files.readString(Path.of("target/payara-config/it/post-boot-commands.asadmin"))
                .contains("--connectionpoolid chat-plugin-postgresql-pool jdbc/chatPlugin");
        try (FakeCrm fakeCrm = new FakeCrm();
                SharedH2Database h2 = postgres ? null : SharedH2Database.start(work.resolve("database"))) {
            crm = fakeCrm;
            Map<Company, JsonObject> leftByKeyA;
            String pluginValue;

            // 1. Key A.
            try (PluginServer one = start("one", war, h2, KEY_A, null)) {
                PluginClient plugin = new PluginClient(one.url());
                for (Company company : List.of(fresh, legacy)) {
                    assertEquals(
                            200,
                            plugin.register(crm, company, hpts.get(company)).status());
                    Answer saved = plugin.saveSettings(crm, company, settings(tokens.get(company)));
                    assertEquals(200, saved.status(), saved.body());
                }
                // As a core before key ids stored them: the same ciphertexts, without the key's id.
                JsonObject raw = raw(plugin, legacy);
                put(
                        plugin,
                        "plain-hpt/" + legacy.companyId() + "?hpt=" + query(KeyedSecrets.asV1(raw.getString("hpt"))),
                        "");
                put(
                        plugin,
                        "plain-settings/" + legacy.companyId(),
                        raw.getString("settings").replace("enc:v2:" + ID_A + ":", "enc:v1:"));
                leftByKeyA = Map.of(fresh, raw(plugin, fresh), legacy, raw(plugin, legacy));
                assertSealed(leftByKeyA.get(fresh), "enc:v2:" + ID_A + ":");
                assertSealed(leftByKeyA.get(legacy), "enc:v1:");
                assertWorks(one);
                pluginValue = pluginSecret(plugin, "seal", "refresh-token");
                assertTrue(pluginValue.startsWith("enc:v2:" + ID_A + ":"), pluginValue);
                assertEquals(0, oldKeyValues(plugin), "no previous key: nothing needs one");
            }

            // 2. Key B, A previous.
            String resealedPluginValue;
            try (PluginServer two = start("two", war, h2, KEY_B, KEY_A)) {
                PluginClient plugin = new PluginClient(two.url());
                assertTrue(
                        eventually(WAIT, () -> allSealedWithB(plugin)),
                        () -> "the sweep at the start resealed every value with key B: " + raw(plugin, fresh) + " "
                                + raw(plugin, legacy));
                assertWorks(two);

                // The rows as key A left them: read with the previous key, counted, then resealed by a sweep.
                for (Company company : List.of(fresh, legacy)) {
                    put(
                            plugin,
                            "plain-hpt/" + company.companyId() + "?hpt="
                                    + query(leftByKeyA.get(company).getString("hpt")),
                            "");
                    put(
                            plugin,
                            "plain-settings/" + company.companyId(),
                            leftByKeyA.get(company).getString("settings"));
                }
                assertEquals(leftByKeyA.get(legacy), raw(plugin, legacy));
                assertTrue(
                        eventually(WAIT, () -> oldKeyValues(plugin) == 4),
                        () -> "two HPTs and two passwords need key A: " + oldKeyValues(plugin));
                assertWorks(two);
                assertEquals("refresh-token", pluginSecret(plugin, "open", pluginValue));
                assertEquals("true", pluginSecret(plugin, "needs-reseal", pluginValue));
                resealedPluginValue = pluginSecret(plugin, "reseal", pluginValue);
                assertTrue(resealedPluginValue.startsWith("enc:v2:" + ID_B + ":"), resealedPluginValue);
                assertEquals("false", pluginSecret(plugin, "needs-reseal", resealedPluginValue));

                // A run of the sweep answers 0 when it found the one from the start still going (other rows): again.
                int[] resealed = {0};
                assertTrue(
                        eventually(WAIT, () -> (resealed[0] += sweep(plugin)) >= 4),
                        "the sweep resealed the four values");
                assertEquals(4, resealed[0], "the two HPTs and two passwords under key A, nothing else");
                assertTrue(
                        eventually(WAIT, () -> allSealedWithB(plugin)),
                        () -> "resealed: " + raw(plugin, fresh) + " " + raw(plugin, legacy));
                assertTrue(eventually(WAIT, () -> oldKeyValues(plugin) == 0), () -> "gauge: " + oldKeyValues(plugin));
                assertWorks(two);
            }

            // 3. Key B alone: the previous key is gone.
            try (PluginServer three = start("three", war, h2, KEY_B, null)) {
                PluginClient plugin = new PluginClient(three.url());
                assertTrue(allSealedWithB(plugin));
                assertWorks(three);
                assertEquals(0, oldKeyValues(plugin));
                assertEquals("refresh-token", pluginSecret(plugin, "open", resealedPluginValue));
                assertEquals(
                        "{\"refused\":\"SecretRefused\"}",
                        plugin.post(pluginPath("open"), pluginValue).body(),
                        "a plugin's value left under key A no longer opens");
            }
            for (PluginServer server : servers) {
                String log = server.log();
                assertFalse(log.contains(KEY_A) || log.contains(KEY_B), "a key in the server's output");
                for (String secret : List.of(hpts.get(fresh), tokens.get(fresh), tokens.get(legacy))) {
                    assertFalse(log.contains(secret), "a secret in the server's output");
                }
            }
        }
    }

    /**
     * Each company's registration and settings work: a send is accepted and reaches the gateway, a status the gateway
     * reports reaches the CRM signed with the company's HPT, and the settings read with their password in clear (for
     * the sender) and masked (for the CRM).
     */
    private void assertWorks(PluginServer server) throws Exception {
        PluginClient plugin = new PluginClient(server.url());
        for (Company company : List.of(fresh, legacy)) {
            String messageId = "m-" + ++sends;
            assertEquals(
                    202,
                    plugin.send(crm, company, Payloads.text(messageId, "+15550100", "hello"))
                            .status());
            assertTrue(
                    eventually(
                            WAIT,
                            () -> !plugin.get("test-probe/calls/" + company.companyId() + "/" + messageId)
                                    .body()
                                    .equals("[]")),
                    "message " + messageId + " reached the gateway");
            assertEquals(202, gatewayStatus(server.url(), company, messageId));
            assertTrue(
                    eventually(WAIT, () -> callback(company, messageId) != null),
                    "the CRM got the status of " + messageId);
            assertEquals(hpts.get(company), callback(company, messageId).verifiedBy(), "signed with the HPT");

            assertEquals(
                    tokens.get(company),
                    plugin.get("test-probe/secrets/sender-settings/" + company.companyId() + "/" + company.alias() + "/"
                                    + company.pluginId())
                            .object()
                            .getJsonObject("auth")
                            .getString("token"));
            Answer read = plugin.settings(crm, company);
            assertEquals(200, read.status(), read.body());
            assertEquals(JsonValue.TRUE, read.object().getJsonObject("auth").get("token"));
        }
    }

    private boolean allSealedWithB(PluginClient plugin) {
        String prefix = "enc:v2:" + ID_B + ":";
        for (Company company : List.of(fresh, legacy)) {
            JsonObject raw = raw(plugin, company);
            String token = Json.createReader(new StringReader(raw.getString("settings")))
                    .readObject()
                    .getJsonObject("auth")
                    .getString("token");
            if (!raw.getString("hpt").startsWith(prefix) || !token.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    private static void assertSealed(JsonObject raw, String prefix) {
        assertTrue(raw.getString("hpt").startsWith(prefix), raw.toString());
        assertTrue(raw.getString("settings").contains("\"token\":\"" + prefix), raw.toString());
    }

    private PluginServer start(String name, Path war, SharedH2Database h2, String key, String previousKeys)
            throws Exception {
        PluginServer.Builder builder = PluginServer.builder(work.resolve(name))
                .war(war)
                .heap("384m")
                .property("plugin.secrets.key", key)
                .property("plugin.gateway.token", "test-gateway-token")
                .property("plugin.send.attempts", "3")
                .property("plugin.send.interval", "PT1S")
                .property("plugin.crm.status.interval", "PT1S")
                .property("plugin.crm.timeout", "PT3S")
                // The sweep runs at the start only: the test runs the next one itself.
                .property("plugin.secrets.sweep-interval", "PT6H");
        if (previousKeys != null) {
            builder.property("plugin.secrets.previous-keys", previousKeys);
        }
        if (h2 != null) {
            builder.database(h2);
        }
        PluginServer server = builder.start();
        servers.add(server);
        return server.awaitReady(START);
    }

    private static JsonObject settings(String token) {
        return Json.createObjectBuilder()
                .add(
                        "main",
                        Json.createObjectBuilder()
                                .add("prefix", "<")
                                .add("suffix", ">")
                                .add("delay", 0))
                .add("auth", Json.createObjectBuilder().add("token", token).add("channels", Json.createArrayBuilder()))
                .build();
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonObject raw(PluginClient plugin, Company company) {
        return plugin.get("test-probe/secrets/raw/" + company.companyId()).object();
    }

    private static void put(PluginClient plugin, String probePath, String body) {
        Answer answer = plugin.post("test-probe/secrets/" + probePath, body);
        assertEquals(204, answer.status(), answer.body());
    }

    private String pluginPath(String verb) {
        return "test-probe/secrets/plugin/" + verb + "/" + fresh.companyId() + "/" + fresh.alias() + "/"
                + fresh.pluginId();
    }

    /** A {@code PluginSecrets} call on the fresh company's reference; answers the value as text. */
    private String pluginSecret(PluginClient plugin, String verb, String value) {
        JsonObject answer = plugin.post(pluginPath(verb), value).object();
        assertFalse(answer.containsKey("refused"), verb + ": " + answer);
        return answer.get("value") instanceof JsonString s
                ? s.getString()
                : answer.get("value").toString();
    }

    /** Runs a sweep; answers the values it resealed. */
    private static int sweep(PluginClient plugin) {
        return plugin.post("test-probe/secrets/sweep", "").object().getInt("resealed");
    }

    private static double oldKeyValues(PluginClient plugin) {
        return Prometheus.parse(plugin.get("metrics").body()).value("chat_secrets_old_key_values");
    }

    private FakeCrm.Callback callback(Company company, String messageId) {
        return crm.callbacks(company).stream()
                .filter(c -> c.isStatus() && messageId.equals(c.messageId()))
                .findFirst()
                .orElse(null);
    }

    /** The gateway reports the message sent, through the webhook route: the plugin tells the CRM. */
    private static int gatewayStatus(URL base, Company company, String messageId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString())
                        .resolve("gateway/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId()
                                + "/status"))
                .header("Authorization", "Bearer test-gateway-token")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + messageId + "\",\"status\":\"sent\"}"))
                .build();
        return TestHttp.client()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
