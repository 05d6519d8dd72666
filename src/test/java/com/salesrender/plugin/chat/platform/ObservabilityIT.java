package com.salesrender.plugin.chat.platform;

import static com.salesrender.plugin.chat.testing.SendTasks.state;
import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testing.TestHttp;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginTest;
import com.salesrender.plugin.chat.testkit.Prometheus;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
    private static final String SENDER = "chat_sender_milliseconds";
    private static final String CRM_REQUESTS = "chat_crm_requests_total";
    private static final String CRM_MILLISECONDS = "chat_crm_request_milliseconds";
    private static final String KEY_FETCHES = "chat_crm_key_fetches_total";
    /** The histograms' bucket bounds in milliseconds. */
    private static final int[] BUCKETS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000};

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    private final HttpClient http = TestHttp.client();

    /** The plugin as it ships, with a window on its database pool ({@link ConnectionPoolProbe}). */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithRecordingGateway().addClass(ConnectionPoolProbe.class);
    }

    /**
     * The boot commands' pools (H2 and PostgreSQL, whichever this pass runs on) hand out Payara's plain connection
     * handle: with Payara's default SQL trace listener, every connection and statement came wrapped in reflective
     * proxies that time each JDBC call (about 3% of the server's CPU in a benchmark profile), for a trace nobody reads.
     */
    @Test
    void theDatabasePoolHandsOutPlainConnectionsWithoutSqlTraceProxies(PluginClient plugin) {
        PluginClient.Answer answer = plugin.get("test-probe/pool/connection-class");
        assertEquals(200, answer.status(), answer.body());
        assertEquals("com.sun.gjc.spi.jdbc40.ConnectionWrapper40", answer.body());
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

        // The state gauges count the database (read at most every 5 s): they come to the admin API's counts, read
        // uncached. (Not a difference from the figures before the sends: those may be up to 5 s old, from before an
        // earlier test's messages ended.)
        assertTrue(
                eventually(WAIT, () -> {
                    Prometheus now = metrics();
                    JsonObject counts = adminCounts();
                    return List.of("DONE", "FAILED", "DROPPED").stream()
                                    .allMatch(state ->
                                            counts.getInt(state) == (int) now.value("chat_send_tasks", "state", state))
                            && now.value("chat_send_tasks", "state", "QUEUED") == 0
                            && now.value("chat_send_tasks", "state", "RUNNING") == 0;
                }),
                () -> "gauges: " + metrics() + " counts: " + adminCounts());
    }

    /**
     * Outcomes written at the same moment share a commit: in each round, the gateway takes four messages at the same
     * moment (of two companies, two each: the tests cap a company at two sends at once; each in a chat of its own), and
     * their outcomes are written in fewer transactions than outcomes; and every outcome is counted once (each message
     * the sender took, each request the CRM took).
     */
    @Test
    void outcomesWrittenAtTheSameMomentShareACommit(PluginClient plugin, @Kit(registeredWith = "hpt") Company company)
            throws Exception {
        Company other = Company.fresh();
        assertEquals(200, plugin.register(crm, other, "hpt").status());
        awaitQuietQueue(plugin);
        Prometheus before = metrics();
        int rounds = 5;
        int contact = 0;
        for (int round = 0; round < rounds; round++) {
            // "together-": the recording gateway answers once the round's four calls are all running.
            Map<String, Company> ids = new TreeMap<>();
            for (int i = 0; i < 4; i++) {
                String id = "m-together-" + round + "-" + i;
                Company sender = i % 2 == 0 ? company : other;
                ids.put(id, sender);
                assertEquals(
                        202,
                        plugin.send(crm, sender, Payloads.text(id, "+1555030" + contact++, "together-" + round))
                                .status());
            }
            ids.forEach((id, sender) ->
                    assertTrue(eventually(WAIT, () -> "DONE".equals(state(plugin, sender, id))), id));
        }
        awaitQuietQueue(plugin);
        Prometheus after = metrics();
        double written = delta(before, after, "chat_outcomes_written_total");
        double commits = delta(before, after, "chat_outcome_commits_total");
        assertEquals(4 * rounds, delta(before, after, "chat_messages_sent_total"));
        assertEquals(
                delta(before, after, "chat_messages_sent_total")
                        + delta(before, after, "chat_crm_requests_total", "kind", "status", "outcome", "sent")
                        + delta(before, after, "chat_crm_requests_total", "kind", "incoming", "outcome", "sent"),
                written,
                after::toString);
        assertTrue(commits > 0 && commits < written, () -> commits + " commits for " + written + " outcomes");
    }

    /**
     * Messages the CRM sends at the same moment share a commit: five rounds of 16 sends from 16 threads at once (one of
     * them a repeat of another's message id), each answered 202 only once stored. Every accept is counted at most once
     * (a repeat that lost its race in another transaction wrote nothing), in fewer transactions than accepts; every new
     * message is stored once and sent once.
     */
    @Test
    void acceptsAtTheSameMomentShareACommit(PluginClient plugin, @Kit(registeredWith = "hpt") Company company)
            throws Exception {
        awaitQuietQueue(plugin);
        Prometheus before = metrics();
        int rounds = 5;
        int clients = 16;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int round = 0; round < rounds; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    // The last client sends the first one's message again.
                    String id = "m-grouped-" + round + "-" + (i == clients - 1 ? 0 : i);
                    String contact = "+1555040" + round + String.format("%02d", i);
                    answers.add(pool.submit(() -> {
                        start.await();
                        return plugin.send(crm, company, Payloads.text(id, contact, "grouped"))
                                .status();
                    }));
                }
                start.countDown();
                for (Future<Integer> answer : answers) {
                    assertEquals(202, answer.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < clients - 1; i++) {
                String id = "m-grouped-" + round + "-" + i;
                assertTrue(eventually(WAIT, () -> "DONE".equals(state(plugin, company, id))), id);
            }
        }
        awaitQuietQueue(plugin);
        Prometheus after = metrics();
        double written = delta(before, after, "chat_accepts_written_total");
        double commits = delta(before, after, "chat_accept_commits_total");
        // A repeat counts once when written; one whose insert raced its original's in another group's transaction
        // failed there, wrote nothing, and was answered 202 from the stored one.
        assertTrue(
                written >= rounds * (clients - 1) && written <= rounds * clients,
                () -> written + " accepts written for " + rounds * clients + " requests");
        assertEquals(rounds * (clients - 1), delta(before, after, "chat_messages_accepted_total"), "the repeats not");
        assertEquals(rounds * (clients - 1), delta(before, after, "chat_messages_sent_total"), "each sent once");
        assertTrue(commits > 0 && commits < written, () -> commits + " commits for " + written + " accepts");
    }

    /**
     * Every ChatSender call is timed in {@code chat_sender_milliseconds}, in buckets: a "slow" message (300 ms at the
     * recording gateway) lands above the 250 ms bucket, a quick one in it; a failed call is timed too.
     */
    @Test
    void everySenderCallIsTimedInBuckets(PluginClient plugin, @Kit(registeredWith = "hpt") Company company) {
        awaitQuietQueue(plugin);
        Prometheus before = metrics();
        Map<String, String> texts = Map.of("m-quick", "hello", "m-slow", "slow", "m-twice", "fail-twice");
        int contact = 0;
        for (Map.Entry<String, String> message : texts.entrySet()) {
            assertEquals(
                    202,
                    plugin.send(
                                    crm,
                                    company,
                                    Payloads.text(message.getKey(), "+1555030" + contact++, message.getValue()))
                            .status());
        }
        for (String id : texts.keySet()) {
            assertTrue(eventually(WAIT, () -> "DONE".equals(state(plugin, company, id))), id + " not sent");
        }
        Prometheus after = metrics();
        // m-quick 1 call, m-slow 1, m-twice 3 (two threw).
        assertEquals(5, delta(before, after, SENDER + "_count"), after::toString);
        assertEquals(5, delta(before, after, SENDER + "_bucket", "le", "+Inf"), after::toString);
        assertTrue(delta(before, after, SENDER + "_sum") >= 300, after::toString);
        // The 300 ms call is counted above 250 ms (a lower bound: it slept that long), every bucket is cumulative.
        double upTo250 = delta(before, after, SENDER + "_bucket", "le", le(250));
        assertTrue(upTo250 <= 4, after::toString);
        double previous = 0;
        for (int bound : BUCKETS) {
            double upTo = after.value(SENDER + "_bucket", "le", le(bound));
            assertTrue(upTo >= previous, () -> "bucket " + bound + " below the one before: " + after);
            previous = upTo;
        }
        assertTrue(after.value(SENDER + "_bucket", "le", "+Inf") >= previous, after::toString);
        assertTrue(after.value(SENDER + "_max") >= 300, after::toString);
    }

    /**
     * Each attempt of a request to the CRM is counted by its endpoint and how it ended, and each HTTP exchange is
     * timed: a stop code (refused), a 500 then the success code (retried, sent), five 500s (retried four times, given
     * up), a request expired before it went out (given up, no exchange), an incoming message answered 503 then 201.
     */
    @Test
    void crmRequestsAreCountedByOutcomeAndTimed(PluginClient plugin, @Kit(registeredWith = "hpt") Company company) {
        awaitQuietQueue(plugin);
        Prometheus before = metrics();

        crm.answerNext(company, 404);
        assertEquals(202, gateway(company, "status", status("m-refused", "sent")));
        awaitRequest(plugin, company, "m-refused", "DROPPED");
        crm.answerNext(company, 500);
        assertEquals(202, gateway(company, "status", status("m-retried", "delivered")));
        awaitRequest(plugin, company, "m-retried", "DONE");
        crm.answerNext(company, 500, 500, 500, 500, 500);
        assertEquals(202, gateway(company, "status", status("m-doomed", "read")));
        awaitRequest(plugin, company, "m-doomed", "FAILED");
        assertEquals(
                200,
                plugin.post(
                                "test-probe/crm/stale-status/" + company.companyId() + "/" + company.alias() + "/"
                                        + company.pluginId() + "?message=m-expired",
                                "")
                        .status());
        awaitRequest(plugin, company, "m-expired", "DROPPED");
        crm.answerNext(company, 503);
        assertEquals(
                202,
                gateway(
                        company,
                        "incoming",
                        "{\"chat\":{\"contact\":\"+15550400\"},\"message\":{\"content\":{\"text\":\"hi\","
                                + "\"format\":\"text\"}}}"));
        awaitRequest(plugin, company, "null", "DONE"); // an incoming message has no id
        assertEquals(10, crm.callbacks(company).size(), "the expired request never went out");

        Map<String, Integer> statusOutcomes = Map.of("sent", 1, "refused", 1, "retried", 5, "given_up", 2);
        Map<String, Integer> incomingOutcomes = Map.of("sent", 1, "refused", 0, "retried", 1, "given_up", 0);
        // Retried and given up count when their transaction commits, a moment after the state the probe reads.
        assertTrue(
                eventually(WAIT, () -> {
                    Prometheus now = metrics();
                    return statusOutcomes.entrySet().stream()
                                    .allMatch(e ->
                                            delta(before, now, CRM_REQUESTS, "kind", "status", "outcome", e.getKey())
                                                    == e.getValue())
                            && incomingOutcomes.entrySet().stream()
                                    .allMatch(e ->
                                            delta(before, now, CRM_REQUESTS, "kind", "incoming", "outcome", e.getKey())
                                                    == e.getValue());
                }),
                () -> "CRM requests: " + metrics());
        Prometheus after = metrics();
        // Exchanges: 1 + 2 + 5 statuses, 2 incoming; the expired one made none.
        assertEquals(8, delta(before, after, CRM_MILLISECONDS + "_count", "kind", "status"), after::toString);
        assertEquals(2, delta(before, after, CRM_MILLISECONDS + "_count", "kind", "incoming"), after::toString);
        assertEquals(
                8, delta(before, after, CRM_MILLISECONDS + "_bucket", "kind", "status", "le", "+Inf"), after::toString);
        assertEquals(
                2,
                delta(before, after, CRM_MILLISECONDS + "_bucket", "kind", "incoming", "le", "+Inf"),
                after::toString);
        assertTrue(
                delta(
                                before,
                                after,
                                CRM_MILLISECONDS + "_bucket",
                                "kind",
                                "status",
                                "le",
                                le(BUCKETS[BUCKETS.length - 1]))
                        >= 1,
                after::toString);
    }

    /**
     * The queue gauges read the database: a message whose queue message was lost a minute ago is due and waits (until a
     * sweep), and a message whose worker died holding it runs past its lease (until the takeover sweep, every 10 s).
     * Both sweeps may come first (they run on their own), so the scenario is set up again until both were seen.
     */
    @Test
    void aTaskLeftDueAndOneStuckShowInTheQueueGauges(
            PluginClient plugin, @Kit(registeredWith = "hpt") Company company) {
        awaitQuietQueue(plugin);
        int[] made = {0};
        String[] lost = {null};
        String[] crashed = {null};
        boolean[] seen = {false, false};
        double[] oldestDue = {0};
        assertTrue(
                eventually(Duration.ofSeconds(120), () -> {
                    if (lost[0] == null || !"QUEUED".equals(state(plugin, company, lost[0]))) {
                        lost[0] = "m-lost-" + made[0]++;
                        orphan(plugin, company, lost[0], false, "+155504" + made[0]);
                    }
                    if (crashed[0] == null || !"RUNNING".equals(state(plugin, company, crashed[0]))) {
                        crashed[0] = "m-crashed-" + made[0]++;
                        orphan(plugin, company, crashed[0], true, "+155504" + made[0]);
                    }
                    Prometheus now = metrics();
                    double due = now.value("chat_queue_oldest_due_seconds", "queue", "chat_send");
                    if (due > 0) {
                        oldestDue[0] = due;
                    }
                    seen[0] |= due >= 59;
                    seen[1] |= now.value("chat_tasks_stuck", "queue", "chat_send") >= 1;
                    return seen[0] && seen[1];
                }),
                () -> "seen due " + seen[0] + ", stuck " + seen[1] + ": " + metrics());
        // Seconds, not milliseconds: the lost message became due 60 s before it was stored.
        assertTrue(oldestDue[0] < 600, "oldest due " + oldestDue[0]);

        // Swept, they are sent: nothing is due or stuck any more.
        awaitQuietQueue(plugin);
        assertTrue(
                eventually(WAIT, () -> {
                    Prometheus now = metrics();
                    return now.value("chat_queue_oldest_due_seconds", "queue", "chat_send") == 0
                            && now.value("chat_tasks_stuck", "queue", "chat_send") == 0;
                }),
                () -> "after the sweep: " + metrics());
        for (String queue : List.of("crm_request", "plugin_job")) {
            metrics().value("chat_queue_oldest_due_seconds", "queue", queue);
            metrics().value("chat_tasks_stuck", "queue", queue);
        }
    }

    /**
     * Fetches of the CRM's keys: one fetched, one failed (the CRM has no such key), and six at once while the CRM holds
     * its answers: four fetch (plugin.crm.key-fetch.concurrent) and fail, two are refused without trying.
     */
    @Test
    void keyFetchesAreCountedByOutcome(PluginClient plugin) throws Exception {
        Prometheus before = metrics();
        assertEquals(200, register(plugin, Company.fresh(), crm.newKey(true)).status());
        assertEquals(403, register(plugin, Company.fresh(), crm.newKey(false)).status());
        crm.holdKeys();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<PluginClient.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                FakeCrm.SigningKey key = crm.newKey(false);
                answers.add(pool.submit(() -> register(plugin, Company.fresh(), key)));
            }
            assertTrue(
                    eventually(
                            WAIT, () -> answers.stream().filter(Future::isDone).count() == 2),
                    "two requests over the cap of 4 answered");
            crm.releaseKeys();
            for (Future<PluginClient.Answer> answer : answers) {
                assertEquals(403, answer.get(30, TimeUnit.SECONDS).status());
            }
        } finally {
            crm.releaseKeys();
            pool.shutdownNow();
        }
        Prometheus after = metrics();
        assertEquals(1, delta(before, after, KEY_FETCHES, "outcome", "fetched"), after::toString);
        assertEquals(5, delta(before, after, KEY_FETCHES, "outcome", "failed"), after::toString);
        assertEquals(2, delta(before, after, KEY_FETCHES, "outcome", "refused"), after::toString);
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
        // The gauges show the checks' last outcome (a few seconds old at most).
        assertTrue(
                eventually(WAIT, () -> {
                    Prometheus metrics = metrics();
                    return metrics.value("chat_plugin_ready") == 1 && metrics.value("chat_broker_up") == 1;
                }),
                () -> metrics().toString());
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

    /**
     * Sweeps until no outgoing message and no request to the CRM is queued or running (as the admin API counts them,
     * uncached).
     */
    private void awaitQuietQueue(PluginClient plugin) {
        assertTrue(
                eventually(WAIT, () -> {
                    plugin.post("test-probe/sweep", "");
                    JsonObject counts = adminCounts();
                    JsonObject crmCounts = allAdminCounts().getJsonObject("crmRequest");
                    return counts.getInt("QUEUED") == 0
                            && counts.getInt("RUNNING") == 0
                            && crmCounts.getInt("QUEUED") == 0
                            && crmCounts.getInt("RUNNING") == 0;
                }),
                () -> "queue not quiet: " + allAdminCounts());
    }

    /** The bucket label as Payara writes it: the bound as a Java double. */
    private static String le(int milliseconds) {
        return Double.toString(milliseconds);
    }

    private int gateway(Company company, String route, String body) {
        return send(HttpRequest.newBuilder(uri("/gateway/" + company.companyId() + "/" + company.alias() + "/"
                                + company.pluginId() + "/" + route))
                        .header("Authorization", "Bearer test-gateway-token")
                        .POST(HttpRequest.BodyPublishers.ofString(body)))
                .statusCode();
    }

    private static String status(String messageId, String status) {
        return Json.createObjectBuilder()
                .add("id", messageId)
                .add("status", status)
                .build()
                .toString();
    }

    /** Waits until the company's request to the CRM about this message is in {@code state}. */
    private static void awaitRequest(PluginClient plugin, Company company, String messageId, String state) {
        assertTrue(
                eventually(
                        WAIT,
                        () -> crmRequests(plugin, company).stream()
                                .map(JsonValue::asJsonObject)
                                .anyMatch(r -> messageId.equals(r.getString("messageId"))
                                        && state.equals(r.getString("state")))),
                () -> messageId + " not " + state + ": " + crmRequests(plugin, company));
    }

    private static JsonArray crmRequests(PluginClient plugin, Company company) {
        return plugin.get("test-probe/crm/requests/" + company.companyId())
                .json()
                .asJsonArray();
    }

    /** A message stored without its queue message (lost a minute ago), or claimed by a worker that died. */
    private static void orphan(
            PluginClient plugin, Company company, String messageId, boolean crashed, String contact) {
        PluginClient.Answer answer = plugin.post(
                "test-probe/orphan/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId()
                        + "?crashed=" + crashed,
                Payloads.text(messageId, contact, "late").toString());
        assertEquals(200, answer.status(), answer.body());
    }

    private PluginClient.Answer register(PluginClient plugin, Company company, FakeCrm.SigningKey key) {
        return plugin.put(
                "registration",
                PluginClient.body(
                        "registration",
                        crm.sign(
                                crm.claims(company)
                                        .add("HPT", "h")
                                        .add("country", "US")
                                        .add("currency", "USD")
                                        .build(),
                                key)));
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
        return allAdminCounts().getJsonObject("chatSend");
    }

    private JsonObject allAdminCounts() {
        HttpResponse<String> answer =
                send(HttpRequest.newBuilder(uri("/admin/api/counts")).header("Authorization", "Bearer " + ADMIN_TOKEN));
        assertEquals(200, answer.statusCode(), answer.body());
        return json(answer.body());
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
