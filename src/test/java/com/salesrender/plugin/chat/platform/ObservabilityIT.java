package com.salesrender.plugin.chat.platform;

import static com.salesrender.plugin.chat.testing.SendTasks.state;
import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginTest;
import com.salesrender.plugin.chat.testkit.Prometheus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * What an operator's tools read: the send pipeline's figures on {@code /metrics}, the API description on
 * {@code /openapi}, and {@code /health}. The server runs with 3 attempts, 1 s apart (arquillian.xml); the recording
 * gateway fails or throttles messages by their text.
 */
@PluginTest
@RunAsClient
class ObservabilityIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ADMIN_TOKEN = "test-admin-token";

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    private final HttpClient http = HttpClient.newHttpClient();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithRecordingGateway();
    }

    @Test
    void sendPipelineCountsEveryOutcomeOnMetrics(PluginClient plugin, @Kit(registeredWith = "hpt") Company company) {
        // Counters are server-wide: start from a quiet queue, so nothing but this test's messages moves them.
        awaitQuietQueue(plugin);
        Prometheus before = metrics();

        Map<String, String> texts = Map.of(
                "m-ok-1", "hello",
                "m-ok-2", "hello again",
                "m-flaky", "fail-twice", // 2 failed attempts, 2 retries, then sent
                "m-doomed", "fail-always", // 3 failed attempts, 2 retries, given up
                "m-throttled", "rate-limited"); // RetryLater once (a retry, no failed attempt), then sent
        int contact = 0;
        for (Map.Entry<String, String> message : texts.entrySet()) {
            assertEquals(
                    202,
                    plugin.send(
                                    crm,
                                    company,
                                    Payloads.text(message.getKey(), "+1555020" + contact++, message.getValue()))
                            .status());
        }
        // A repeated message id is answered 202 but not accepted again.
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("m-ok-1", "+15550200", "hello"))
                        .status());

        for (String id : texts.keySet()) {
            String end = id.equals("m-doomed") ? "FAILED" : "DONE";
            assertTrue(eventually(WAIT, () -> end.equals(state(plugin, company, id))), id + " did not end " + end);
        }
        assertTrue(
                eventually(WAIT, () -> delta(before, metrics(), "chat_messages_given_up_total") == 1),
                "given up: " + delta(before, metrics(), "chat_messages_given_up_total"));
        Prometheus after = metrics();
        assertEquals(5, delta(before, after, "chat_messages_accepted_total"));
        assertEquals(4, delta(before, after, "chat_messages_sent_total"));
        assertEquals(5, delta(before, after, "chat_messages_attempts_failed_total"));
        assertEquals(5, delta(before, after, "chat_messages_retried_total"));
        assertEquals(1, delta(before, after, "chat_messages_given_up_total"));
        // First calls only, and the throttled message's call after RetryLater is again its first attempt.
        assertEquals(6, delta(before, after, "chat_messages_accept_to_sender_milliseconds_count"));
        // Sum and max are exported next to the count. The throttled message's second call came after its RetryLater
        // wait of 700 ms, so both are at least that: a lower bound of what was measured, not a speed (bench/ has
        // those).
        assertTrue(delta(before, after, "chat_messages_accept_to_sender_milliseconds_sum") >= 700, after::toString);
        assertTrue(after.value("chat_messages_accept_to_sender_milliseconds_max") >= 700, after::toString);

        // The state gauges count the database (refreshed every few seconds).
        assertTrue(
                eventually(WAIT, () -> {
                    Prometheus now = metrics();
                    return delta(before, now, "chat_send_tasks", "state", "DONE") == 4
                            && delta(before, now, "chat_send_tasks", "state", "FAILED") == 1
                            && now.value("chat_send_tasks", "state", "QUEUED") == 0
                            && now.value("chat_send_tasks", "state", "RUNNING") == 0;
                }),
                () -> "gauges: " + metrics());
        JsonObject counts = adminCounts();
        Prometheus now = metrics();
        for (String state : List.of("DONE", "FAILED", "DROPPED")) {
            assertEquals(counts.getInt(state), (int) now.value("chat_send_tasks", "state", state), state);
        }
    }

    @Test
    void openApiDescribesEveryRouteWithEveryStatusCode() {
        HttpResponse<String> answer = get("/openapi", "application/json");
        assertEquals(200, answer.statusCode(), answer.body());
        JsonObject api = json(answer.body());
        JsonObject paths = api.getJsonObject("paths");
        for (DocumentedRoutes.Route route : DocumentedRoutes.ALL) {
            JsonObject path = paths.getJsonObject(route.path());
            assertTrue(path != null, route + " missing; paths: " + paths.keySet());
            JsonObject operation = path.getJsonObject(route.method().toLowerCase());
            assertTrue(operation != null, route + " has no " + route.method());
            assertFalse(operation.getString("summary", "").isBlank(), route + " has no summary");
            assertFalse(operation.getJsonArray("tags").isEmpty(), route + " has no tag");
            Set<Integer> codes = operation.getJsonObject("responses").keySet().stream()
                    .map(Integer::valueOf)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(route.codes(), codes, route.toString());
            for (String code : operation.getJsonObject("responses").keySet()) {
                JsonObject response = operation.getJsonObject("responses").getJsonObject(code);
                assertFalse(response.getString("description", "").isBlank(), route + " " + code);
                if (Integer.parseInt(code) >= 400
                        && !(route.path().equals("/protected/data/settings") && code.equals("400"))) {
                    assertEquals(
                            "#/components/schemas/Error",
                            response.getJsonObject("content")
                                    .getJsonObject("application/json")
                                    .getJsonObject("schema")
                                    .getString("$ref"),
                            route + " " + code);
                }
            }
        }
        assertEquals(List.of(Set.of("adminToken")), securityOf(paths, "/admin/api/counts", "get"));
        assertEquals(List.of(Set.of("crmToken")), securityOf(paths, "/protected/forms/settings", "get"));
        assertEquals(
                List.of(Set.of("gatewayToken")),
                securityOf(paths, "/gateway/{companyId}/{alias}/{pluginId}/status", "post"));

        JsonObject schemes = api.getJsonObject("components").getJsonObject("securitySchemes");
        assertEquals("apiKey", schemes.getJsonObject("crmToken").getString("type"));
        assertEquals("header", schemes.getJsonObject("crmToken").getString("in"));
        assertEquals("X-PLUGIN-TOKEN", schemes.getJsonObject("crmToken").getString("name"));
        for (String bearer : List.of("adminToken", "gatewayToken")) {
            assertEquals("http", schemes.getJsonObject(bearer).getString("type"), bearer);
            assertEquals("bearer", schemes.getJsonObject(bearer).getString("scheme"), bearer);
        }
        JsonObject error =
                api.getJsonObject("components").getJsonObject("schemas").getJsonObject("Error");
        assertEquals(
                Set.of("code", "message"), error.getJsonObject("properties").keySet());
        assertEquals("SalesRender chat plugin", api.getJsonObject("info").getString("title"));

        // The YAML form, the endpoint's default, says the same.
        HttpResponse<String> yaml = get("/openapi", null);
        assertEquals(200, yaml.statusCode());
        assertTrue(
                yaml.body().contains("/special/send:")
                        && (yaml.body().contains("\"405\":") || yaml.body().contains("'405':")),
                yaml.body());
    }

    @Test
    void liveAndReadyAnswerUp() {
        HttpResponse<String> live = get("/health/live", null);
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("UP", json(live.body()).getString("status"));
        HttpResponse<String> ready = get("/health/ready", null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", json(ready.body()).getString("status"));
    }

    /**
     * A token being rotated: the previous one ({@code plugin.admin.previous-token},
     * {@code plugin.gateway.previous-token}, set in arquillian.xml) is accepted beside the token, anything else is not.
     */
    @Test
    void aPreviousTokenIsAcceptedWhileTheTokenIsRotated() {
        for (String token : List.of(ADMIN_TOKEN, "test-previous-admin-token")) {
            HttpResponse<String> counts =
                    send(HttpRequest.newBuilder(uri("/admin/api/counts")).header("Authorization", "Bearer " + token));
            assertEquals(200, counts.statusCode(), token + ": " + counts.body());
        }
        HttpResponse<String> other = send(
                HttpRequest.newBuilder(uri("/admin/api/counts")).header("Authorization", "Bearer test-other-token"));
        assertEquals(403, other.statusCode(), other.body());
        // The gateway's routes: past the token check, a body that is no object is the route's own 400.
        for (String token : List.of("test-gateway-token", "test-previous-gateway-token", "test-other-token")) {
            HttpResponse<String> status = send(HttpRequest.newBuilder(uri("/gateway/c-rotation/chat-plugin/7/status"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[]")));
            assertEquals(
                    token.equals("test-other-token") ? 403 : 400, status.statusCode(), token + ": " + status.body());
        }
    }

    /** The names of the security schemes an operation requires. */
    private static List<Set<String>> securityOf(JsonObject paths, String path, String method) {
        return paths.getJsonObject(path).getJsonObject(method).getJsonArray("security").stream()
                .map(requirement -> requirement.asJsonObject().keySet())
                .toList();
    }

    /** Sweeps until no outgoing message is queued or running (as the admin API counts them, uncached). */
    private void awaitQuietQueue(PluginClient plugin) {
        assertTrue(
                eventually(WAIT, () -> {
                    plugin.post("test-probe/sweep", "");
                    JsonObject counts = adminCounts();
                    return counts.getInt("QUEUED") == 0 && counts.getInt("RUNNING") == 0;
                }),
                () -> "queue not quiet: " + adminCounts());
    }

    private static double delta(Prometheus before, Prometheus after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private Prometheus metrics() {
        HttpResponse<String> answer = get("/metrics", null);
        assertEquals(200, answer.statusCode(), answer.body());
        return Prometheus.parse(answer.body());
    }

    private JsonObject adminCounts() {
        HttpResponse<String> answer =
                send(HttpRequest.newBuilder(uri("/admin/api/counts")).header("Authorization", "Bearer " + ADMIN_TOKEN));
        assertEquals(200, answer.statusCode(), answer.body());
        return json(answer.body()).getJsonObject("chatSend");
    }

    private HttpResponse<String> get(String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return send(request);
    }

    private URI uri(String path) {
        return URI.create(base.toString()).resolve(path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
