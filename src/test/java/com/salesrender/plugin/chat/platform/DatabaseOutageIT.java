package com.salesrender.plugin.chat.platform;

import static com.salesrender.plugin.chat.testing.SendTasks.state;
import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testing.TestHttp;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginClient.Answer;
import com.salesrender.plugin.chat.testkit.PluginTest;
import com.salesrender.plugin.chat.testkit.Prometheus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows the database for real: the PostgreSQL server is stopped under the running plugin
 * ({@code .ci/postgres stop}) and started again ({@code .ci/postgres resume}). Runs only in the PostgreSQL pass (Maven
 * profile postgresql, on with -Dplugin.db=postgresql); the embedded H2 database cannot be taken away.
 */
@PluginTest
@RunAsClient
class DatabaseOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithRecordingGateway();
    }

    @Test
    void readinessGoesDownWithTheDatabaseAndUpAgainWhenItIsBack(
            PluginClient plugin, @Kit(registeredWith = "hpt") Company company) throws Exception {
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("m-before", "+15550400", "hello"))
                        .status());
        assertTrue(eventually(WAIT, () -> "DONE".equals(state(plugin, company, "m-before"))));
        assertReadiness(plugin, 200, "UP");
        assertTrue(
                eventually(WAIT, () -> metrics(plugin).value("chat_send_tasks", "state", "DONE") >= 1),
                () -> metrics(plugin).toString());
        assertTrue(
                eventually(WAIT, () -> metrics(plugin).value("chat_plugin_ready") == 1),
                () -> metrics(plugin).toString());

        postgres("stop");
        try {
            assertTrue(
                    eventually(WAIT, () -> plugin.get("health/ready").status() == 503),
                    () -> plugin.get("health/ready").body());
            JsonObject check = assertReadiness(plugin, 503, "DOWN");
            assertEquals("UP", check.getJsonObject("data").getString("broker"), "only the database is away");
            // Alive all the same: restarting the plugin would not bring the database back.
            assertEquals(200, plugin.get("health/live").status());
            // Nothing can be stored, so nothing is accepted: a 503 with Retry-After (the CRM sends it again), never a
            // 500.
            HttpResponse<String> during = TestHttp.client()
                    .send(
                            HttpRequest.newBuilder(URI.create(base.toString()).resolve("/special/send"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(PluginClient.body(
                                            "request",
                                            crm.sendToken(company, Payloads.text("m-during", "+15550401", "hello")))))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(503, during.statusCode(), during.body());
            assertEquals(
                    503,
                    Json.createReader(new StringReader(during.body()))
                            .readObject()
                            .getInt("code"));
            assertEquals("5", during.headers().firstValue("Retry-After").orElse(null));
            // /metrics still answers: not ready, the broker up, and the figures read from the database keep their
            // last values (the message sent before).
            assertTrue(
                    eventually(WAIT, () -> metrics(plugin).value("chat_plugin_ready") == 0),
                    () -> metrics(plugin).toString());
            Prometheus away = metrics(plugin);
            assertEquals(1, away.value("chat_broker_up"), away::toString);
            assertTrue(away.value("chat_send_tasks", "state", "DONE") >= 1, away::toString);
            assertEquals(0, away.value("chat_queue_oldest_due_seconds", "queue", "chat_send"), away::toString);
            assertEquals(0, away.value("chat_tasks_stuck", "queue", "chat_send"), away::toString);
        } finally {
            postgres("resume");
        }

        assertTrue(
                eventually(WAIT, () -> plugin.get("health/ready").status() == 200),
                () -> plugin.get("health/ready").body());
        assertReadiness(plugin, 200, "UP");
        assertTrue(
                eventually(WAIT, () -> metrics(plugin).value("chat_plugin_ready") == 1),
                () -> metrics(plugin).toString());
        // The plugin recovers by itself: the next message is stored and sent.
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("m-after", "+15550402", "hello"))
                        .status());
        assertTrue(eventually(WAIT, () -> "DONE".equals(state(plugin, company, "m-after"))));
    }

    /** Asserts /health/ready's status code and that its chat-plugin check says {@code status} for the database. */
    private static JsonObject assertReadiness(PluginClient plugin, int code, String status) {
        Answer ready = plugin.get("health/ready");
        assertEquals(code, ready.status(), ready.body());
        assertEquals(status, ready.object().getString("status"), ready.body());
        JsonObject check = ready.object().getJsonArray("checks").stream()
                .map(JsonValue::asJsonObject)
                .filter(c -> "chat-plugin".equals(c.getString("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(ready.body()));
        assertEquals(status, check.getString("status"), ready.body());
        assertEquals(status, check.getJsonObject("data").getString("database"), ready.body());
        return check;
    }

    private static Prometheus metrics(PluginClient plugin) {
        Answer answer = plugin.get("metrics");
        assertEquals(200, answer.status(), answer.body());
        return Prometheus.parse(answer.body());
    }

    /** Runs .ci/postgres stop|resume on the server of this run (its port; PG_TEST_DIR comes from the environment). */
    private static void postgres(String command) throws IOException, InterruptedException {
        ProcessBuilder process =
                new ProcessBuilder("bash", System.getProperty("postgres.script"), command).redirectErrorStream(true);
        process.environment().put("PGPORT", System.getProperty("plugin.db.port"));
        Process running = process.start();
        assertTrue(running.waitFor(60, TimeUnit.SECONDS), "postgres " + command + " hangs");
        String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, running.exitValue(), "postgres " + command + ": " + output);
    }
}
