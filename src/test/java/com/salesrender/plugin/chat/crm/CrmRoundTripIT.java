package com.salesrender.plugin.chat.crm;

import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testing.TestHttp;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.FakeCrm.Callback;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.Payloads;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginClient.Answer;
import com.salesrender.plugin.chat.testkit.PluginTest;
import com.salesrender.plugin.chat.testkit.Prometheus;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The plugin talking back to the CRM: the echo example plugin's statuses and reply, signed HS512 requests, retries,
 * stop codes, expiry and status order, against the fake CRM in the test JVM. The server runs the echo plugin with a 1 s
 * delay, prefix "[" and suffix "]", and CRM retries 1 s apart (arquillian.xml).
 */
@PluginTest
@RunAsClient
class CrmRoundTripIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String HPT = "a-registration-secret-long-enough-for-any-hs512-verifier-0123456789";
    private static final String GATEWAY_TOKEN = "test-gateway-token";

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    @Kit
    PluginClient plugin;

    @Kit(registeredWith = HPT)
    Company company;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithEcho();
    }

    @Test
    void echoRoundTrip() {
        JsonObject payload = Json.createObjectBuilder()
                .add(
                        "chat",
                        Json.createObjectBuilder()
                                .add("id", "chat-7")
                                .add("contact", "+15550123")
                                .add("subject", "Order 42"))
                .add(
                        "message",
                        Json.createObjectBuilder()
                                .add("id", "msg-ping")
                                .add(
                                        "content",
                                        Json.createObjectBuilder()
                                                .add("text", "ping")
                                                .add("format", "text"))
                                .add(
                                        "attachments",
                                        Json.createArrayBuilder()
                                                .add(Json.createObjectBuilder()
                                                        .add("name", "a.png")
                                                        .add("uri", "https://cdn.example.com/a.png")
                                                        .add("type", "image"))))
                .build();
        assertEquals(202, plugin.send(crm, company, payload).status());

        assertTrue(
                eventually(WAIT, () -> crm.callbacks(company).size() >= 4),
                () -> "callbacks: " + crm.callbacks(company));
        List<Callback> callbacks = crm.callbacks(company);
        assertEquals(4, callbacks.size());
        for (Callback callback : callbacks) {
            assertEquals(HPT, callback.verifiedBy(), "signed HS512 with the company's HPT");
            assertTrue(callback.claimsOk(), () -> "claims: " + callback.claims());
            assertEquals(
                    company.alias(), callback.claims().getJsonObject("plugin").getString("alias"));
            assertEquals(
                    company.pluginId(),
                    callback.claims().getJsonObject("plugin").getString("id"));
            assertAsTheReference(callback, 0, 1, null, "");
        }
        assertEquals(
                List.of("sent", "delivered", "read"),
                callbacks.subList(0, 3).stream().map(Callback::status).toList());
        callbacks.subList(0, 3).forEach(c -> {
            assertEquals("PATCH", c.method());
            assertEquals("msg-ping", c.messageId());
        });

        Callback reply = callbacks.get(3);
        assertTrue(reply.isIncoming());
        assertEquals("PUT", reply.method());
        JsonObject chat = reply.body().asJsonObject();
        assertTrue(chat.getJsonObject("chat").isNull("id"), "the reply opens a new chat, as the reference example's");
        assertEquals("+15550123", chat.getJsonObject("chat").getString("contact"));
        assertEquals("Order 42", chat.getJsonObject("chat").getString("subject"));
        assertEquals(
                "[ping]", chat.getJsonObject("message").getJsonObject("content").getString("text"));
        assertFalse(chat.getJsonObject("message").containsKey("id"), "an incoming message carries no id");
        assertEquals(
                "a.png",
                chat.getJsonObject("message")
                        .getJsonArray("attachments")
                        .getJsonObject(0)
                        .getString("name"));
        assertTrue(
                eventually(
                        WAIT,
                        () -> requests().size() == 4
                                && requests().stream()
                                        .allMatch(r ->
                                                "DONE".equals(r.asJsonObject().getString("state")))),
                () -> requests().toString());
    }

    @Test
    void echoUsesTheCompanysSettings() throws Exception {
        String settingsToken =
                crm.sign(crm.claims(company).add("settings", true).build());
        HttpResponse<String> saved = TestHttp.client()
                .send(
                        HttpRequest.newBuilder(URI.create(base.toString()).resolve("/protected/data/settings"))
                                .header("X-PLUGIN-TOKEN", settingsToken)
                                .PUT(HttpRequest.BodyPublishers.ofString(
                                        "{\"main\":{\"prefix\":\"<<\",\"suffix\":\">>\",\"delay\":0}}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, saved.statusCode(), saved.body());
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-set", "+1", "hi")).status());
        assertTrue(eventually(WAIT, () -> crm.callbacks(company).stream().anyMatch(Callback::isIncoming)));
        Callback reply = crm.callbacks(company).stream()
                .filter(Callback::isIncoming)
                .findFirst()
                .orElseThrow();
        assertEquals(
                "<<hi>>",
                reply.body()
                        .asJsonObject()
                        .getJsonObject("message")
                        .getJsonObject("content")
                        .getString("text"));
    }

    @Test
    void errorTextGetsOnlyTheErrorStatus() throws InterruptedException {
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-err", "+1", "please ERROR out"))
                        .status());
        assertTrue(eventually(WAIT, () -> crm.callbacks(company).size() >= 1));
        Thread.sleep(4500); // the echo plugin would have answered by now
        List<Callback> callbacks = crm.callbacks(company);
        assertEquals(1, callbacks.size(), () -> "callbacks: " + callbacks);
        assertEquals("error", callbacks.get(0).status());
    }

    @Test
    void attachmentOnlyMessageGetsAReplyWithoutText() {
        JsonObject payload = Json.createObjectBuilder()
                .add(
                        "chat",
                        Json.createObjectBuilder()
                                .add("id", JsonValue.NULL)
                                .add("contact", "+15550124")
                                .add("subject", JsonValue.NULL))
                .add(
                        "message",
                        Json.createObjectBuilder()
                                .add("id", "msg-file")
                                .add("content", JsonValue.NULL)
                                .add(
                                        "attachments",
                                        Json.createArrayBuilder()
                                                .add(Json.createObjectBuilder()
                                                        .add("name", "v.ogg")
                                                        .add("uri", "https://cdn.example.com/v.ogg")
                                                        .add("type", "voice"))))
                .build();
        assertEquals(202, plugin.send(crm, company, payload).status());
        assertTrue(eventually(WAIT, () -> crm.callbacks(company).stream().anyMatch(Callback::isIncoming)));
        Callback reply = crm.callbacks(company).stream()
                .filter(Callback::isIncoming)
                .findFirst()
                .orElseThrow();
        JsonObject message = reply.body().asJsonObject().getJsonObject("message");
        assertTrue(message.isNull("content"), () -> "no text: " + message);
        assertEquals(
                "v.ogg", message.getJsonArray("attachments").getJsonObject(0).getString("name"));
        assertEquals(
                List.of("sent", "delivered", "read"),
                crm.callbacks(company).stream()
                        .filter(Callback::isStatus)
                        .map(Callback::status)
                        .toList());
    }

    @Test
    void firstStatusesOfOneMessageStoredAtOnceFailNoTransaction() {
        // Six transactions store the first status of one message at the same moment and stay open a while: the ones
        // that lose the record's insert wait for the winner and are checked against its status, never failed (a
        // plain insert failed them, and with a send's outcome the group of outcomes written with it).
        Answer answer = plugin.post(
                "test-probe/crm/first-status-race/" + company.companyId() + "/" + company.alias() + "/"
                        + company.pluginId() + "/msg-first-race?hold=500",
                "");
        assertEquals(200, answer.status(), answer.body());
        JsonObject race = answer.object();
        assertEquals(
                List.of("committed", "committed", "committed", "committed", "committed", "committed"),
                race.getJsonArray("outcomes").getValuesAs(JsonString::getString),
                race.toString());
        assertEquals("READ", race.getString("stored"));
        // No status after a further one: whatever order they were stored in, read is the last to reach the CRM.
        assertTrue(eventually(
                WAIT,
                () -> crm.callbacks(company).stream()
                        .anyMatch(c -> "msg-first-race".equals(c.messageId()) && "read".equals(c.status()))));
        List<String> reached = crm.callbacks(company).stream()
                .filter(c -> "msg-first-race".equals(c.messageId()))
                .map(Callback::status)
                .toList();
        assertEquals("read", reached.get(reached.size() - 1), reached.toString());
        assertEquals(1, reached.stream().filter("read"::equals).count(), reached.toString());
    }

    @Test
    void aMessagesFirstStatusRecordBelongsToTheTransactionThatStoresIt() {
        // Its insert is the transaction's: unseen by others until it commits (a later status reported meanwhile waits
        // for it, then queues behind its request), gone when it rolls back.
        for (String via : List.of("report", "group")) {
            // In a report's transaction (an enterprise bean's) and in a group of outcomes' (a plain bean's).
            Answer answer = plugin.post(
                    "test-probe/crm/first-status-isolation/" + company.companyId() + "/" + company.alias() + "/"
                            + company.pluginId() + "/msg-first-isolated-" + via + "?via=" + via,
                    "");
            assertEquals(200, answer.status(), answer.body());
            assertEquals("none", answer.object().getString("meanwhile"), via + ": " + answer.body());
            assertEquals("none", answer.object().getString("after"), via + ": " + answer.body());
        }
    }

    @Test
    void anIncomingMessagesGatewayIdBelongsToTheTransactionThatRecordsIt() {
        // Recorded in a rolled-back transaction, it must not stay: the message would never be forwarded again.
        Answer answer = plugin.post(
                "test-probe/crm/gateway-id-isolation/" + company.companyId() + "/" + company.alias() + "/"
                        + company.pluginId() + "/gw-isolated",
                "");
        assertEquals(200, answer.status(), answer.body());
        assertEquals("none", answer.object().getString("meanwhile"), answer.body()); // "gw-isolated" when seen
        assertEquals("none", answer.object().getString("after"), answer.body());
    }

    @Test
    void aFileStoredInAPlainBeansTransactionBelongsToIt() {
        // Uploads.store in a plain bean's @Transactional transaction that rolls back: no file may stay behind.
        Answer answer = plugin.post(
                "test-probe/crm/upload-isolation/" + company.companyId() + "/" + company.alias() + "/"
                        + company.pluginId(),
                "");
        assertEquals(200, answer.status(), answer.body());
        assertEquals("none", answer.object().getString("meanwhile"), answer.body()); // the stored name when seen
        assertEquals("none", answer.object().getString("after"), answer.body());
    }

    @Test
    void aStatusReportedOutsideASendGoesStraightToTheCrm() {
        // A webhook's report: with the route open (no earlier CRM failure pausing it), the request is stored claimed
        // and
        // sent from the report, with no queue message and no claim of its own; the webhook's answer does not wait.
        long before = straight(plugin.post("test-probe/crm/route/open", ""));
        assertEquals(
                202,
                gateway("status", "{\"id\":\"msg-straight\",\"status\":\"delivered\"}")
                        .status());
        assertTrue(eventually(WAIT, () -> "DONE".equals(onlyRequest().getString("state"))), () -> "" + requests());
        assertEquals(1, onlyRequest().getInt("attempts"));
        assertEquals(1, crm.callbacks(company).size());
        assertEquals("delivered", crm.callbacks(company).get(0).status());
        assertEquals(HPT, crm.callbacks(company).get(0).verifiedBy());
        assertEquals(before + 1, straight(plugin.get("test-probe/crm/route")));
    }

    @Test
    void anIncomingMessageForwardedOutsideATransactionGoesStraightToTheCrm() {
        // A webhook's forward (no transaction): stored claimed and sent from there, as a webhook's status is.
        long before = straight(plugin.post("test-probe/crm/route/open", ""));
        double incomingBefore = straightMetric("incoming");
        double statusBefore = straightMetric("status");
        assertEquals(
                202,
                gateway("incoming", customerMessage("+15550177", "straight in")).status());
        assertTrue(eventually(WAIT, () -> "DONE".equals(onlyRequest().getString("state"))), () -> "" + requests());
        assertEquals(1, onlyRequest().getInt("attempts"));
        assertEquals(1, crm.callbacks(company).size());
        assertTrue(crm.callbacks(company).get(0).isIncoming());
        assertEquals("straight in", crm.callbacks(company).get(0).text());
        assertEquals(before + 1, straight(plugin.get("test-probe/crm/route")));
        assertEquals(incomingBefore + 1, straightMetric("incoming"), "counted under its own kind");
        assertEquals(statusBefore, straightMetric("status"));
    }

    /** A gateway webhook's body for a customer's text message. */
    private static String customerMessage(String contact, String text) {
        return Json.createObjectBuilder()
                .add("chat", Json.createObjectBuilder().add("contact", contact))
                .add(
                        "message",
                        Json.createObjectBuilder()
                                .add(
                                        "content",
                                        Json.createObjectBuilder()
                                                .add("text", text)
                                                .add("format", "text")))
                .build()
                .toString();
    }

    private double straightMetric(String kind) {
        return Prometheus.parse(plugin.get("metrics").body()).value("chat_crm_requests_straight_total", "kind", kind);
    }

    /** The count of requests that went to the CRM straight, from the probe's answer. */
    private static long straight(Answer answer) {
        assertEquals(200, answer.status(), answer::toString);
        return answer.object().getJsonNumber("straight").longValue();
    }

    @Test
    void statusIsGivenUpAfterFiveAttempts() {
        crm.answerNext(company, 500, 500, 500, 500, 500, 500);
        assertEquals(
                202,
                gateway("status", "{\"id\":\"msg-5x\",\"status\":\"sent\"}").status());
        assertTrue(eventually(WAIT, () -> "FAILED".equals(onlyRequest().getString("state"))), () -> "" + requests());
        assertEquals(5, onlyRequest().getInt("attempts"));
        assertEquals(5, crm.callbacks(company).size());
    }

    @Test
    void crmFailingTwiceGetsTheStatusOnTheThirdAttempt() {
        crm.answerNext(company, 500, 503);
        assertEquals(
                202,
                gateway("status", "{\"id\":\"msg-500\",\"status\":\"delivered\"}")
                        .status());
        assertTrue(eventually(WAIT, () -> "DONE".equals(onlyRequest().getString("state"))), () -> "" + requests());
        assertEquals(3, onlyRequest().getInt("attempts"));
        List<Callback> callbacks = crm.callbacks(company);
        assertEquals(3, callbacks.size());
        assertTrue(callbacks.stream().allMatch(c -> "delivered".equals(c.status()) && HPT.equals(c.verifiedBy())));
        assertAsTheReference(callbacks.get(0), 0, 1, null, "");
        assertAsTheReference(callbacks.get(1), 1, 1, callbacks.get(0), "500");
        assertAsTheReference(callbacks.get(2), 2, 1, callbacks.get(1), "503");
    }

    /**
     * A request as the reference sends it (conformance/golden/harness-special-requests-wire.json): its headers, the
     * body's keys, {@code __task} with the attempts made before this one, the JWT header and claims.
     */
    private void assertAsTheReference(
            Callback callback, int before, int intervalSeconds, Callback previous, String log) {
        assertEquals(
                Set.of("host", "user-agent", "content-type", "content-length"),
                callback.headers().keySet().stream()
                        .map(h -> h.toLowerCase(Locale.ROOT))
                        .collect(Collectors.toSet()));
        assertEquals("application/json", callback.header("Content-Type"));
        assertEquals("SR-PLUGIN-CHAT-BOT/1.0 (+" + FakeCrm.SELF_URI + "info)", callback.header("User-Agent"));

        assertEquals(
                List.of("request", "__task"), List.copyOf(callback.envelope().keySet()));
        JsonObject task = callback.task();
        assertEquals(List.of("createdAt", "attempt"), List.copyOf(task.keySet()));
        int limit = 5; // the reference's, for statuses and incoming messages alike
        assertEquals(
                Json.createObjectBuilder()
                        .add("number", before)
                        .add("limit", limit)
                        .add("interval", intervalSeconds)
                        .build(),
                task.getJsonObject("attempt"));
        JsonObject createdAt = task.getJsonObject("createdAt");
        assertEquals(
                List.of("attemptLastTime", "attemptNumber", "attemptLimit", "attemptInterval", "attemptLog"),
                List.copyOf(createdAt.keySet()));
        if (previous == null) {
            assertTrue(createdAt.isNull("attemptLastTime"), createdAt::toString);
        } else {
            long last = createdAt.getJsonNumber("attemptLastTime").longValue();
            assertTrue(
                    last >= previous.claims().getJsonNumber("iat").longValue(),
                    "the previous attempt's time: " + createdAt);
        }
        assertEquals(before, createdAt.getInt("attemptNumber"));
        assertEquals(limit, createdAt.getInt("attemptLimit"));
        assertEquals(intervalSeconds, createdAt.getInt("attemptInterval"));
        assertEquals(log, createdAt.getString("attemptLog"));

        assertEquals(
                Json.createObjectBuilder().add("typ", "JWT").add("alg", "HS512").build(), callback.jwtHeader());
        JsonObject claims = callback.claims();
        assertTrue(
                claims.keySet().containsAll(List.of("iss", "aud", "cid", "plugin", "body", "exp")), claims::toString);
        assertTrue(
                Set.of("iss", "aud", "cid", "plugin", "body", "exp", "iat", "jti")
                        .containsAll(claims.keySet()),
                claims::toString);
        assertEquals(FakeCrm.SELF_URI, claims.getString("iss"));
        assertEquals(crm.issuer(), claims.getString("aud"));
        assertEquals(company.companyId(), claims.getString("cid"));
        assertEquals(
                Json.createObjectBuilder()
                        .add("alias", company.alias())
                        .add("id", company.pluginId())
                        .build(),
                claims.getJsonObject("plugin"));
        long lifetime = claims.getJsonNumber("exp").longValue()
                - claims.getJsonNumber("iat").longValue();
        assertTrue(lifetime > 0 && lifetime <= 300, "exp is 300 s after the request was made: " + claims);
    }

    @Test
    void stopCodeEndsTheRequestWithoutRetry() throws InterruptedException {
        crm.answerNext(company, 404);
        assertEquals(
                202,
                gateway("status", "{\"id\":\"msg-404\",\"status\":\"sent\"}").status());
        assertTrue(eventually(WAIT, () -> "DROPPED".equals(onlyRequest().getString("state"))));
        sweepsThenSettle(); // retries are 1 s apart, and no sweep may bring it back: none may come
        assertEquals(1, crm.callbacks(company).size());
        assertTrue(onlyRequest().getString("lastError").contains("404"));

        crm.answerNext(company, 418);
        assertEquals(202, gateway("incoming", customerMessage("+1", "hi")).status());
        assertTrue(eventually(
                WAIT,
                () -> requests().size() == 2
                        && "DROPPED".equals(requests().getJsonObject(1).getString("state"))));
        assertEquals(2, crm.callbacks(company).size());
    }

    @Test
    void expiredRequestIsDroppedUnsent() {
        assertEquals(
                200,
                plugin.post(
                                "test-probe/crm/stale-status/" + company.companyId() + "/" + company.alias() + "/"
                                        + company.pluginId() + "?message=msg-old",
                                "")
                        .status());
        assertTrue(eventually(WAIT, () -> "DROPPED".equals(onlyRequest().getString("state"))));
        assertTrue(onlyRequest().getString("lastError").contains("Expired"));
        assertEquals(0, crm.callbacks(company).size());
    }

    @Test
    void aStatusOvertakenBeforeItWentOutIsDroppedUnsent() {
        assertEquals(
                200,
                plugin.post(
                                "test-probe/crm/superseded-status/" + company.companyId() + "/" + company.alias() + "/"
                                        + company.pluginId() + "?message=msg-overtaken",
                                "")
                        .status());
        assertTrue(
                eventually(WAIT, () -> "DROPPED".equals(onlyRequest().getString("state"))),
                () -> "requests: " + requests() + ", callbacks: " + crm.callbacks(company));
        assertTrue(onlyRequest().getString("lastError").contains("Superseded"), onlyRequest()::toString);
        assertEquals(0, crm.callbacks(company).size());
    }

    @Test
    void aStatusWaitsWhileAnEarlierOneOfItsMessageIsOnItsWay() throws InterruptedException {
        assertEquals(
                200,
                plugin.post(
                                "test-probe/crm/status-behind-one-in-flight/" + company.companyId() + "/"
                                        + company.alias() + "/" + company.pluginId() + "?message=msg-behind",
                                "")
                        .status());
        Thread.sleep(2500); // tried every second meanwhile, each time given back uncounted
        JsonObject later = requests().stream()
                .map(JsonValue::asJsonObject)
                .filter(r -> r.getString("status").equals("delivered"))
                .findFirst()
                .orElseThrow();
        assertEquals("QUEUED", later.getString("state"), later::toString);
        assertEquals(0, later.getInt("attempts"), later::toString);
        assertEquals(0, crm.callbacks(company).size());

        // The earlier one's worker dies: the takeover sweep (every 10 s) takes it over, finds it superseded by the
        // delivered reported meanwhile and drops it; then the later one goes out, once.
        assertEquals(
                200,
                plugin.post("test-probe/crm/worker-died/" + company.companyId() + "?message=msg-behind", "")
                        .status());
        assertTrue(
                eventually(Duration.ofSeconds(40), () -> crm.callbacks(company).size() == 1),
                () -> "callbacks: " + crm.callbacks(company));
        assertEquals("delivered", crm.callbacks(company).get(0).status());
        assertEquals("msg-behind", crm.callbacks(company).get(0).messageId());
        JsonObject earlier = requests().stream()
                .map(JsonValue::asJsonObject)
                .filter(r -> r.getString("status").equals("sent"))
                .findFirst()
                .orElseThrow();
        assertEquals("DROPPED", earlier.getString("state"), earlier::toString);
        sweepsThenSettle();
        assertEquals(1, crm.callbacks(company).size());
    }

    @Test
    void aBurstOfOneReferenceDoesNotHoldBackAnotherReferencesFreshStatus() {
        // A's CRM holds the plugin's workers while A's burst queues up behind them; then B reports one status. First
        // in, first out (or with the broker handing each worker a thousand messages ahead, OpenMQ's default), B's
        // would reach its CRM after A's whole burst; dispatched fairly, it goes ahead of A's backlog.
        assertAheadOfAnotherCompanysBurst(
                b -> assertEquals(200, reportSent(b, 1, "fresh").status()));
    }

    @Test
    void aTaskTheSweeperQueuesAgainGoesAheadOfAnotherCompanysBurst() {
        // B's status was stored and its queue message lost (a crash between the commit and the send); the sweep queues
        // it again while A's burst waits. At the lowest priority, as before, it went behind all of A's burst (and after
        // a crash, every lost task waited behind all the fresh work); with B's own share it goes ahead.
        assertAheadOfAnotherCompanysBurst(b -> {
            assertEquals(
                    200,
                    plugin.post(
                                    "test-probe/crm/lost-status/" + b.companyId() + "/" + b.alias() + "/" + b.pluginId()
                                            + "?message=lost",
                                    "")
                            .status());
            assertEquals(200, plugin.post("test-probe/crm/sweeps", "").status());
        });
    }

    /**
     * While A's CRM holds the workers and 200 of A's statuses queue behind them, {@code b} gets one status on its way
     * (as {@code fresh} does it): it reaches B's CRM ahead of most of A's.
     */
    private void assertAheadOfAnotherCompanysBurst(Consumer<Company> fresh) {
        Company a = Company.fresh();
        Company b = Company.fresh();
        assertEquals(200, plugin.register(crm, a, HPT).status());
        assertEquals(200, plugin.register(crm, b, HPT).status());
        int burst = 200;
        List<String> arrivals = new CopyOnWriteArrayList<>(); // company ids, in the order requests reached the CRM
        crm.listen((callback, at) ->
                arrivals.add(callback.claims() == null ? "?" : callback.claims().getString("cid")));
        behindHeldRequests(
                a, () -> assertEquals(200, reportSent(a, burst, "burst").status()), () -> fresh.accept(b));
        try {
            assertTrue(
                    eventually(
                            Duration.ofSeconds(60),
                            () -> crm.callbacks(b).size() == 1
                                    && crm.callbacks(a).stream()
                                                    .map(Callback::messageId)
                                                    .distinct()
                                                    .count()
                                            == burst),
                    () -> "B: " + crm.callbacks(b).size() + ", A: "
                            + crm.callbacks(a).size());
        } finally {
            crm.listen(null);
        }
        long ahead = arrivals.subList(0, arrivals.indexOf(b.companyId())).stream()
                .filter(a.companyId()::equals)
                .count();
        // Ahead of it: the requests the CRM held, and the few each worker had been handed before B's status came.
        assertTrue(ahead < burst / 3, ahead + " of A's " + burst + " statuses reached the CRM before B's one");
    }

    @Test
    void aFreshMessagesFirstStatusGoesAheadOfItsCompanysTrailingStatuses() {
        // The same company: 200 delivered statuses (follow-ups of messages sent before) queue behind the workers A's
        // CRM holds, then the first status of a fresh message. It goes ahead of the delivered ones.
        Company a = Company.fresh();
        assertEquals(200, plugin.register(crm, a, HPT).status());
        int burst = 200;
        List<String> arrivals = new CopyOnWriteArrayList<>(); // statuses, in the order they reached the CRM
        crm.listen((callback, at) ->
                arrivals.add(callback.isStatus() && callback.body() != null ? callback.status() : "?"));
        behindHeldRequests(
                a,
                () -> assertEquals(200, report(a, "delivered", burst, "earlier").status()),
                () -> assertEquals(200, report(a, "sent", 1, "fresh").status()));
        try {
            assertTrue(
                    eventually(
                            Duration.ofSeconds(60),
                            () -> crm.callbacks(a).stream()
                                            .map(Callback::messageId)
                                            .distinct()
                                            .count()
                                    == burst + 1),
                    () -> "A: " + crm.callbacks(a).size());
        } finally {
            crm.listen(null);
        }
        long ahead = arrivals.subList(0, arrivals.indexOf("sent")).size();
        assertTrue(ahead < burst / 3, ahead + " of " + burst + " delivered statuses reached the CRM before the sent");
    }

    /**
     * Reports {@code burst} while this company's CRM holds its answers, waits until it holds the first requests (the
     * workers are busy, the rest of the burst queues), reports {@code fresh}, then lets the CRM answer.
     */
    private void behindHeldRequests(Company held, Runnable burst, Runnable fresh) {
        crm.holdAnswers(held);
        try {
            burst.run();
            assertTrue(eventually(WAIT, () -> crm.heldAnswers() > 0), "the CRM holds the first requests");
            fresh.run();
        } finally {
            crm.releaseAnswers();
        }
    }

    private Answer reportSent(Company c, int count, String prefix) {
        return report(c, "sent", count, prefix);
    }

    private Answer report(Company c, String status, int count, String prefix) {
        return plugin.post(
                "test-probe/crm/report/" + c.companyId() + "/" + c.alias() + "/" + c.pluginId() + "?status=" + status
                        + "&count=" + count + "&prefix=" + prefix,
                "");
    }

    /** Runs the start sweep and the minute sweep now, then gives a wrong second delivery time to show up. */
    private void sweepsThenSettle() throws InterruptedException {
        assertEquals(200, plugin.post("test-probe/crm/sweeps", "").status());
        Thread.sleep(1500);
    }

    @Test
    void callbacksAfterReRegistrationAreSignedWithTheNewHpt() {
        assertEquals(
                202, gateway("status", "{\"id\":\"msg-a\",\"status\":\"sent\"}").status());
        assertTrue(eventually(WAIT, () -> crm.callbacks(company).size() == 1));
        String newHpt = HPT + "-rotated";
        assertEquals(200, plugin.register(crm, company, newHpt).status());
        assertEquals(
                202, gateway("status", "{\"id\":\"msg-b\",\"status\":\"sent\"}").status());
        assertTrue(eventually(WAIT, () -> crm.callbacks(company).size() == 2));
        assertEquals(HPT, crm.callbacks(company).get(0).verifiedBy());
        assertEquals(newHpt, crm.callbacks(company).get(1).verifiedBy());
    }

    @Test
    void statusesNeverGoBackwards() throws InterruptedException {
        assertEquals(
                202, gateway("status", "{\"id\":\"msg-r\",\"status\":\"read\"}").status());
        assertEquals(
                "{\"queued\":false}",
                gateway("status", "{\"id\":\"msg-r\",\"status\":\"delivered\"}").body());
        assertEquals(
                "{\"queued\":false}",
                gateway("status", "{\"id\":\"msg-r\",\"status\":\"sent\"}").body());
        assertEquals(
                "{\"queued\":false}",
                gateway("status", "{\"id\":\"msg-r\",\"status\":\"read\"}").body());

        assertEquals(
                "{\"queued\":true}",
                gateway("status", "{\"id\":\"msg-e\",\"status\":\"sent\"}").body());
        assertEquals(
                "{\"queued\":true}",
                gateway("status", "{\"id\":\"msg-e\",\"status\":\"error\"}").body());
        assertEquals(
                "{\"queued\":false}",
                gateway("status", "{\"id\":\"msg-e\",\"status\":\"delivered\"}").body());

        Thread.sleep(2000);
        assertTrue(eventually(
                WAIT,
                () -> requests().stream()
                        .noneMatch(r -> r.asJsonObject().getString("state").matches("QUEUED|RUNNING"))));
        List<String> seen = crm.callbacks(company).stream()
                .map(c -> c.messageId() + ":" + c.status())
                .toList();
        assertTrue(seen.contains("msg-r:read"), seen::toString);
        assertFalse(seen.contains("msg-r:delivered") || seen.contains("msg-r:sent"), seen::toString);
        assertTrue(seen.contains("msg-e:error"), seen::toString);
        assertFalse(seen.contains("msg-e:delivered"), seen::toString);
        if (seen.contains("msg-e:sent")) {
            assertTrue(seen.indexOf("msg-e:sent") < seen.indexOf("msg-e:error"), "never backwards at the CRM: " + seen);
        }
    }

    @Test
    void gatewayWebhookRefusesBadInput() {
        assertEquals(
                401,
                gateway("status", "{\"id\":\"m\",\"status\":\"sent\"}", null).status());
        assertEquals(
                403,
                gateway("status", "{\"id\":\"m\",\"status\":\"sent\"}", "wrong").status());
        assertEquals(
                400, gateway("status", "{\"id\":\"m\",\"status\":\"lost\"}").status());
        assertEquals(400, gateway("status", "{\"status\":\"sent\"}").status());
        assertEquals(400, gateway("status", "not json").status());
        Answer withId =
                gateway("incoming", Payloads.text("has-an-id", "+1", "hi").toString());
        assertEquals(400, withId.status());
        assertTrue(withId.object().getString("message").contains("must not carry a message id"));
        assertEquals(
                400,
                gateway("incoming", "{\"chat\":{\"contact\":\"+1\"},\"message\":{}}")
                        .status());

        Company unknown = Company.fresh();
        Answer notRegistered = send(unknown, "status", "{\"id\":\"m\",\"status\":\"sent\"}", GATEWAY_TOKEN);
        assertEquals(404, notRegistered.status());
        assertEquals(0, requests().size(), "nothing stored");
    }

    @Test
    void aClusterUriTheClientCannotUseFailsEachAttemptCleanly() {
        Answer moved = plugin.post(
                "test-probe/crm/cluster-uri/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId()
                        + "?uri=http://localhost:99999/",
                "");
        assertEquals("{\"updated\":1}", moved.body());
        assertEquals(
                202,
                gateway("status", "{\"id\":\"msg-port\",\"status\":\"sent\"}").status());
        // Each attempt fails and is recorded at once (no attempt is left running until its lease ends).
        assertTrue(
                eventually(
                        WAIT,
                        () -> onlyRequest().getInt("attempts", 0) >= 2
                                && onlyRequest().getString("lastError", "").contains("99999")),
                () -> "" + requests());
        assertEquals(0, crm.callbacks(company).size());
    }

    @Test
    void anAnswerTrickledPastTheDeadlineEndsTheCall() {
        crm.trickleAnswers(company);
        assertEquals(
                202,
                gateway("status", "{\"id\":\"msg-slow\",\"status\":\"sent\"}").status());
        // The CRM answered 200 and then trickles its body for a minute: the call ends at its deadline (3 s here),
        // well inside the 5 s lease, so the request is done after one call and never taken over and sent again.
        assertTrue(eventually(WAIT, () -> "DONE".equals(onlyRequest().getString("state"))), () -> "" + requests());
        assertEquals(1, crm.callbacks(company).size());
    }

    private JsonObject onlyRequest() {
        JsonArray all = requests();
        return all.isEmpty() ? Json.createObjectBuilder().add("state", "NONE").build() : all.getJsonObject(0);
    }

    private JsonArray requests() {
        return plugin.get("test-probe/crm/requests/" + company.companyId())
                .json()
                .asJsonArray();
    }

    private Answer gateway(String route, String body) {
        return gateway(route, body, GATEWAY_TOKEN);
    }

    private Answer gateway(String route, String body, String token) {
        return send(company, route, body, token);
    }

    private Answer send(Company c, String route, String body, String token) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString())
                            .resolve("/gateway/" + c.companyId() + "/" + c.alias() + "/" + c.pluginId() + "/" + route))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response =
                    TestHttp.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
