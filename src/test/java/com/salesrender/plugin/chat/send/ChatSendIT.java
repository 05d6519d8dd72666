package com.salesrender.plugin.chat.send;

import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testing.SendTasks;
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
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /special/send} through the whole pipeline: token, database, OpenMQ, message-driven bean,
 * {@link ChatSender}, retries and the sweeper. The server runs with 3 attempts, 1 s apart, and a failing message holds
 * its chat for 6 s at most (arquillian.xml).
 */
@PluginTest
@RunAsClient
class ChatSendIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    @Kit
    PluginClient plugin;

    @Kit(registeredWith = "hpt")
    Company company;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithRecordingGateway();
    }

    @Test
    void acceptedMessageReachesTheSender() throws Exception {
        JsonObject payload = Json.createObjectBuilder()
                .add(
                        "chat",
                        Json.createObjectBuilder()
                                .add("id", "chat-9")
                                .add("contact", "+15550100")
                                .add("subject", "Order 42"))
                .add(
                        "message",
                        Json.createObjectBuilder()
                                .add("id", "msg-1")
                                .add(
                                        "content",
                                        Json.createObjectBuilder()
                                                .add("text", "  Hello  ")
                                                .add("format", "markdown"))
                                .add(
                                        "attachments",
                                        Json.createArrayBuilder()
                                                .add(Json.createObjectBuilder()
                                                        .add("name", "a.png")
                                                        .add("uri", "https://cdn.example.com/a.png")
                                                        .add("type", "image"))))
                .build();

        Answer answer = plugin.send(crm, company, payload);
        assertEquals(202, answer.status(), answer.body());
        assertEquals("", answer.body());

        JsonObject call = awaitCalls("msg-1", 1).getJsonObject(0);
        assertEquals(company.companyId() + "/chat-plugin/7", call.getString("reference"));
        assertEquals("+15550100", call.getString("contact"));
        assertEquals("chat-9", call.getString("chatId"));
        assertEquals("Order 42", call.getString("subject"));
        assertEquals("Hello", call.getString("text"));
        assertEquals("markdown", call.getString("format"));
        assertEquals(
                "image a.png https://cdn.example.com/a.png",
                call.getJsonArray("attachments").getString(0));
        assertEquals(1, call.getInt("attempt"));
        assertTrue(eventually(WAIT, () -> "DONE".equals(task("msg-1").getString("state"))));
        // Ended by an update that does not read the row: it left its chat's live index all the same.
        assertFalse(task("msg-1").getBoolean("live"));
        // Its history, read off its row (no event of it is stored): accepted for its contact, done on attempt 1.
        List<JsonObject> history = history("msg-1");
        assertEquals(
                List.of("ACCEPTED", "DONE"),
                history.stream().map(e -> e.getString("event")).toList(),
                history::toString);
        assertEquals("To +15550100", history.get(0).getString("detail"));
        assertEquals(0, history.get(0).getInt("attempt"));
        assertEquals(1, history.get(1).getInt("attempt"));
        assertTrue(history.get(1).getJsonNumber("at").longValue()
                >= history.get(0).getJsonNumber("at").longValue());
    }

    @Test
    void attachmentOnlyMessageIsAccepted() {
        JsonObject payload = Json.createObjectBuilder()
                .add(
                        "chat",
                        Json.createObjectBuilder()
                                .add("id", JsonValue.NULL)
                                .add("contact", "a@example.com")
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
                                                        .add("name", "invoice.pdf")
                                                        .add("uri", "https://cdn.example.com/i.pdf")
                                                        .add("type", "file"))))
                .build();
        assertEquals(202, plugin.send(crm, company, payload).status());
        JsonObject call = awaitCalls("msg-file", 1).getJsonObject(0);
        assertEquals("none", call.getString("format"));
        assertEquals("null", call.getString("chatId"));
    }

    @Test
    void repeatedMessageIdIsAcceptedButSentOnce() throws InterruptedException {
        JsonObject payload = Payloads.text("msg-twice", "+15550101", "only once");
        assertEquals(202, plugin.send(crm, company, payload).status());
        assertEquals(202, plugin.send(crm, company, payload).status());
        awaitCalls("msg-twice", 1);
        assertEquals(202, plugin.send(crm, company, payload).status());
        sweepsThenSettle(); // no sweep may bring it back: room for a wrong delivery to show up
        assertEquals(1, calls("msg-twice").size());
        assertEquals(1, task("msg-twice").getInt("count"));
    }

    @Test
    void sameMessageIdOfAnotherCompanyIsItsOwnMessage() {
        Company other = Company.fresh();
        assertEquals(200, plugin.register(crm, other, "hpt").status());
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-shared", "+1", "a"))
                        .status());
        assertEquals(
                202,
                plugin.send(crm, other, Payloads.text("msg-shared", "+1", "b")).status());
        assertEquals("a", awaitCalls("msg-shared", 1).getJsonObject(0).getString("text"));
        assertEquals("b", awaitCalls(other, "msg-shared", 1).getJsonObject(0).getString("text"));
    }

    @Test
    void anOutcomeTheDatabaseHoldsUpIsWrittenOnceItCanAndTheMessageIsNotSentTwice() {
        // The gateway takes the message while another transaction holds its row for 5 s: on H2 the outcome's lock
        // wait runs out after 2 s, and the outcome is written on a later try while the attempt still holds its claim
        // (written once, before, the claim's lease ran out and the message went to the gateway again); on PostgreSQL
        // the outcome waits for the lock.
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-locked", "+15550110", "locked-at-outcome"))
                        .status());
        // Messages sent meanwhile have their outcomes written at the same moment, some in a group with the held one:
        // a group it fails (H2) is written again outcome by outcome, and none of them is lost or sent twice.
        List<String> meanwhile = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "msg-beside-locked-" + i;
            meanwhile.add(id);
            assertEquals(
                    202,
                    plugin.send(crm, company, Payloads.text(id, "+155501110" + String.format("%02d", i), "hello"))
                            .status());
        }
        assertTrue(eventually(WAIT, () -> "DONE".equals(task("msg-locked").getString("state"))));
        assertEquals(1, calls("msg-locked").size());
        assertEquals(1, task("msg-locked").getInt("attempts"));
        for (String id : meanwhile) {
            assertTrue(eventually(WAIT, () -> "DONE".equals(task(id).getString("state"))), id);
            assertEquals(1, calls(id).size(), id);
            assertEquals(1, task(id).getInt("attempts"), id);
        }
    }

    @Test
    void aLeaseRenewalSkipsARowAnotherTransactionHoldsInsteadOfWaitingForIt() {
        // A renewal that waited for a row an outcome's transaction holds, while holding the rows it had renewed, could
        // close a circle with it (PostgreSQL: a deadlock after 1 s, failing one of them; H2: a lock wait run out).
        for (String id : List.of("msg-renew-free", "msg-renew-held")) {
            assertEquals(
                    202,
                    plugin.send(crm, company, Payloads.text(id, "+15550410", "hello"))
                            .status());
        }
        for (String id : List.of("msg-renew-free", "msg-renew-held")) {
            assertTrue(eventually(WAIT, () -> "DONE".equals(task(id).getString("state"))), id);
        }
        Answer answer = plugin.post(
                "test-probe/renew-beside-held/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId()
                        + "/msg-renew-free/msg-renew-held",
                "");
        assertEquals(200, answer.status(), answer.body());
        JsonObject renewal = answer.object();
        assertFalse(renewal.containsKey("failed"), renewal.toString());
        assertTrue(renewal.getBoolean("stillHeld"), "the renewal waited for the held row: " + renewal);
        assertEquals(1, renewal.getInt("renewed"), renewal.toString());
        assertEquals(
                renewal.getJsonNumber("renewedTo").longValue(),
                renewal.getJsonNumber("freeLease").longValue());
        assertTrue(
                renewal.getJsonNumber("heldLease").longValue()
                        < renewal.getJsonNumber("renewedTo").longValue(),
                "the held row is renewed by a later round: " + renewal);
        assertEquals("DONE", task("msg-renew-held").getString("state"));
        assertEquals(1, calls("msg-renew-held").size());
    }

    @Test
    void senderFailingTwiceIsCalledThreeTimesAndTheTaskEndsSent() {
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-flaky", "+15550102", "fail-twice"))
                        .status());
        JsonArray calls = awaitCalls("msg-flaky", 3);
        assertEquals(3, calls.size());
        assertTrue(calls.getJsonObject(0).getBoolean("failed"));
        assertTrue(calls.getJsonObject(1).getBoolean("failed"));
        assertEquals(3, calls.getJsonObject(2).getInt("attempt"));
        assertTrue(eventually(WAIT, () -> "DONE".equals(task("msg-flaky").getString("state"))));
        assertEquals(3, task("msg-flaky").getInt("attempts"));
        assertEquals(0, crm.callbacks(company).size(), "a message sent in the end is no error");
    }

    @Test
    void rateLimitedSendIsRetriedWithoutUsingAnAttempt() throws Exception {
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-429", "+15550310", "rate-limited"))
                        .status());
        assertTrue(eventually(WAIT, () -> "DONE".equals(task("msg-429").getString("state"))));
        JsonArray calls = calls("msg-429");
        assertEquals(2, calls.size());
        assertEquals(1, calls.getJsonObject(0).getInt("attempt"));
        assertEquals(1, calls.getJsonObject(1).getInt("attempt"), "the throttled try did not count");
        assertEquals(1, task("msg-429").getInt("attempts"));
        String history = adminGet(
                        "messages/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId()
                                + "/msg-429",
                        ADMIN_TOKEN)
                .body();
        assertTrue(history.contains("WAITED") && history.contains("429 Too Many Requests"), history);
    }

    @Test
    void messagesOfOneChatKeepTheirOrderWhileOtherChatsFlow() {
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-o1", "+15550300", "fail-twice"))
                        .status());
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-o2", "+15550300", "second"))
                        .status());
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-o3", "+15550300", "third"))
                        .status());
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-other", "+15550301", "another chat"))
                        .status());

        long other = awaitCalls("msg-other", 1)
                .getJsonObject(0)
                .getJsonNumber("order")
                .longValue();
        long third =
                awaitCalls("msg-o3", 1).getJsonObject(0).getJsonNumber("order").longValue();
        JsonArray first = calls("msg-o1");
        assertEquals(3, first.size());
        long firstSent = first.getJsonObject(2).getJsonNumber("order").longValue();
        long second = calls("msg-o2").getJsonObject(0).getJsonNumber("order").longValue();
        assertEquals(1, calls("msg-o2").size());
        assertTrue(
                firstSent < second && second < third, "one chat in acceptance order: " + first + " " + calls("msg-o2"));
        assertTrue(other < firstSent, "another chat is not held back by a failing message");
    }

    /**
     * A message whose chat has nothing live is stored claimed and goes from its accept straight to the sender, with no
     * queue message; one accepted while an earlier one of its chat is still at the gateway is queued, and its claim
     * keeps the chat's order. Counted by {@code chat_messages_sent_straight_total} (server-wide: no other test's
     * message is being accepted meanwhile, and retries are never straight).
     */
    @Test
    void aMessageOfAFreeChatGoesStraightToTheSenderAndOneBehindItsChatIsQueued() {
        double before = straightSends();
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-s1", "+15550310", "slow"))
                        .status());
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-s2", "+15550310", "second"))
                        .status());

        long first =
                awaitCalls("msg-s1", 1).getJsonObject(0).getJsonNumber("order").longValue();
        long second =
                awaitCalls("msg-s2", 1).getJsonObject(0).getJsonNumber("order").longValue();
        assertTrue(first < second, "one chat in acceptance order");
        assertEquals(1, calls("msg-s1").size());
        assertEquals(1, calls("msg-s2").size());
        assertTrue(eventually(WAIT, () -> "DONE".equals(task("msg-s2").getString("state"))));
        assertEquals(1, straightSends() - before, "only the first went straight");
        assertEquals(1, task("msg-s1").getInt("attempts"), task("msg-s1")::toString);
    }

    private double straightSends() {
        Answer answer = plugin.get("/metrics");
        assertEquals(200, answer.status(), answer.body());
        return Prometheus.parse(answer.body()).value("chat_messages_sent_straight_total");
    }

    @Test
    void aMessageThatKeepsFailingHoldsItsChatForTheOrderHoldOnly() {
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-h1", "+15550320", "fail-then-wait"))
                        .status());
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-h2", "+15550320", "second"))
                        .status());

        long firstFailure =
                awaitCalls("msg-h1", 1).getJsonObject(0).getJsonNumber("at").longValue();
        JsonObject second = awaitCalls("msg-h2", 1).getJsonObject(0);
        assertTrue(
                second.getJsonNumber("at").longValue() - firstFailure >= 6000,
                "held for plugin.send.order-hold after the first failure: " + second + " " + calls("msg-h1"));
        assertTrue(eventually(WAIT, () -> "DONE".equals(task("msg-h1").getString("state"))));
        JsonArray first = calls("msg-h1");
        long firstSent =
                first.getJsonObject(first.size() - 1).getJsonNumber("order").longValue();
        assertTrue(second.getJsonNumber("order").longValue() < firstSent, "then it went ahead of the failing one");
        assertEquals(2, first.getJsonObject(first.size() - 1).getInt("attempt"), "waiting used no attempt");
    }

    @Test
    void aFailedMessageSentAgainByTheCrmIsQueuedAgainWithFreshAttempts() throws Exception {
        JsonObject payload = Payloads.text("msg-again", "+15550330", "fail-three-calls");
        assertEquals(202, plugin.send(crm, company, payload).status());
        assertTrue(eventually(WAIT, () -> "FAILED".equals(task("msg-again").getString("state"))));
        assertEquals(3, calls("msg-again").size());

        // Its chat goes on meanwhile: b is running (a 9 s call) and c waits behind it when the CRM sends msg-again
        // again.
        // Queued again as the message now received, msg-again goes after c, not back to its old place before b.
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-again-b", "+15550330", "outlasts-lease"))
                        .status());
        awaitCalls("msg-again-b", 1);
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-again-c", "+15550330", "after b"))
                        .status());
        assertEquals(202, plugin.send(crm, company, payload).status());
        assertTrue(eventually(
                Duration.ofSeconds(40), () -> "DONE".equals(task("msg-again").getString("state"))));
        JsonArray calls = calls("msg-again");
        assertEquals(4, calls.size());
        assertTrue(
                calls("msg-again-c").getJsonObject(0).getJsonNumber("order").longValue()
                        < calls.getJsonObject(3).getJsonNumber("order").longValue(),
                "queued again at the end of its chat's order");
        assertEquals(1, calls.getJsonObject(3).getInt("attempt"), "a fresh set of attempts");
        assertEquals(1, task("msg-again").getInt("count"), "the same task, not a second one");

        // Sent now: the same id again is accepted and not sent twice.
        assertEquals(202, plugin.send(crm, company, payload).status());
        sweepsThenSettle(); // no sweep may bring it back: room for a wrong delivery to show up
        assertEquals(4, calls("msg-again").size());

        String history = adminGet(
                        "messages/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId()
                                + "/msg-again",
                        ADMIN_TOKEN)
                .body();
        List<String> events = json(history).getJsonArray("history").stream()
                .map(e -> e.asJsonObject().getString("event"))
                .toList();
        assertEquals(1, events.stream().filter("REQUEUED"::equals).count(), events::toString);
        assertTrue(
                events.indexOf("REQUEUED") > events.indexOf("GIVEN_UP")
                        && events.lastIndexOf("DONE") > events.indexOf("REQUEUED"),
                events::toString);
    }

    /** arquillian.xml caps each plugin reference at 2 sends at once and 10 attempts per second. */
    @Test
    void concurrentSendsOfAReferenceStayUnderItsCapWhileOtherReferencesFlow() {
        // Different contacts: chat order alone would not hold any of them back. The other reference registers first,
        // so that only its send comes after the queue of slow ones (8 x 300 ms, two at a time).
        Company other = Company.fresh();
        assertEquals(200, plugin.register(crm, other, "hpt").status());
        for (int i = 0; i < 8; i++) {
            assertEquals(
                    202,
                    plugin.send(crm, company, Payloads.text("msg-slow-" + i, "+1555040" + i, "slow"))
                            .status());
        }
        assertEquals(
                202,
                plugin.send(crm, other, Payloads.text("msg-free", "+15550499", "fast"))
                        .status());

        long free = awaitCalls(other, "msg-free", 1)
                .getJsonObject(0)
                .getJsonNumber("order")
                .longValue();
        List<Long> slowOrders = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            JsonArray calls = awaitCalls("msg-slow-" + i, 1);
            assertEquals(1, calls.size(), "sent once");
            assertEquals(1, calls.getJsonObject(0).getInt("attempt"), "waiting for a slot used no attempt");
            slowOrders.add(calls.getJsonObject(0).getJsonNumber("order").longValue());
        }
        assertEquals(2, peak(company), "at most 2 at once, and the cap was reached");
        assertTrue(free < Collections.max(slowOrders), "another reference did not wait for this one's queue");
    }

    @Test
    void sendAttemptsOfAReferenceStayUnderItsRatePerSecond() {
        int count = 25;
        for (int i = 0; i < count; i++) {
            assertEquals(
                    202,
                    plugin.send(crm, company, Payloads.text("msg-rate-" + i, "+1555060" + i, "fast"))
                            .status());
        }
        List<Long> attempts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "msg-rate-" + i;
            assertEquals(1, awaitCalls(id, 1).size());
            assertTrue(eventually(WAIT, () -> "DONE".equals(task(id).getString("state"))));
            assertEquals(1, task(id).getInt("attempts"), "waiting for the rate used no attempt");
            attempts.add(task(id).getJsonNumber("lastAttemptAt").longValue());
        }
        Collections.sort(attempts);
        for (int i = 0; i + 10 < count; i++) {
            assertTrue(
                    attempts.get(i + 10) - attempts.get(i) >= 1000,
                    "11 attempts within one second: " + attempts.subList(i, i + 11));
        }
    }

    @Test
    void senderAlwaysFailingEndsFailedAfterTheAttemptLimit() throws InterruptedException {
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-doomed", "+15550103", "fail-always"))
                        .status());
        assertTrue(eventually(WAIT, () -> "FAILED".equals(task("msg-doomed").getString("state"))));
        JsonObject task = task("msg-doomed");
        assertEquals(3, task.getInt("attempts"));
        assertEquals("gateway refused attempt 3", task.getString("lastError"));
        sweepsThenSettle(); // no sweep may bring it back: room for a wrong delivery to show up
        assertEquals(3, calls("msg-doomed").size());

        // The CRM hears that the message could not be sent, signed with the company's (short) HPT.
        assertTrue(eventually(WAIT, () -> crm.callbacks(company).size() == 1));
        FakeCrm.Callback status = crm.callbacks(company).get(0);
        assertEquals("msg-doomed", status.messageId());
        assertEquals("error", status.status());
        assertEquals("hpt", status.verifiedBy());
        assertTrue(status.claimsOk());
    }

    @Test
    void anUndeliverableMessageFailsAtOnceLetsItsChatGoOnAndIsSentAgainWhenTheCrmRepeatsIt() throws Exception {
        // The gateway answers "never" after 1 s: the next message of the chat is stored meanwhile and held behind it,
        // so only the end of the undeliverable one lets it go before the order hold (6 s) runs out.
        String contact = "+15550340";
        JsonObject payload = Payloads.text("msg-never", contact, "undeliverable");
        assertEquals(202, plugin.send(crm, company, payload).status());
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-after-never", contact, "next"))
                        .status());

        assertTrue(eventually(WAIT, () -> "FAILED".equals(task("msg-never").getString("state"))));
        assertTrue(eventually(WAIT, () -> "DONE".equals(task("msg-after-never").getString("state"))));
        sweepsThenSettle(); // past a retry interval (1 s) and both sweeps: a retry would have reached the sender
        JsonObject task = task("msg-never");
        assertEquals("FAILED", task.getString("state"));
        assertEquals(1, task.getInt("attempts"), "its remaining attempts unused");
        assertEquals("Undeliverable: 550 5.1.1 mailbox unknown", task.getString("lastError"));
        assertEquals(1, calls("msg-never").size(), () -> calls("msg-never").toString());

        // The CRM hears it once, as for a message whose attempts ran out.
        assertTrue(eventually(WAIT, () -> statusesOf("msg-never").size() == 1));
        Thread.sleep(1_000);
        assertEquals(List.of("error"), statusesOf("msg-never"));

        List<JsonObject> history = history("msg-never");
        assertEquals(
                List.of("ACCEPTED", "ATTEMPT_FAILED", "GIVEN_UP"),
                history.subList(0, 3).stream().map(e -> e.getString("event")).toList(),
                history::toString);
        assertEquals("Undeliverable: 550 5.1.1 mailbox unknown", history.get(1).getString("detail"));
        long givenUp = history.get(2).getJsonNumber("at").longValue();
        long nextAccepted =
                history("msg-after-never").get(0).getJsonNumber("at").longValue();
        assertTrue(nextAccepted < givenUp, "the next message was stored while the undeliverable one ran");
        JsonObject next = calls("msg-after-never").getJsonObject(0);
        long waited = next.getJsonNumber("at").longValue() - givenUp;
        assertTrue(waited < 4000, "the chat went on at once, not after the order hold: " + waited + " ms");
        assertTrue(
                calls("msg-never").getJsonObject(0).getJsonNumber("order").longValue()
                        < next.getJsonNumber("order").longValue(),
                "the chat's order holds");

        // Sent again by the CRM, it reaches the gateway again with a fresh set of attempts (and fails again).
        assertEquals(202, plugin.send(crm, company, payload).status());
        JsonObject again = awaitCalls("msg-never", 2).getJsonObject(1);
        assertEquals(1, again.getInt("attempt"), "a fresh set of attempts");
        assertTrue(eventually(WAIT, () -> statusesOf("msg-never").size() == 2));
        assertEquals("FAILED", task("msg-never").getString("state"));
        List<String> events =
                history("msg-never").stream().map(e -> e.getString("event")).toList();
        assertTrue(
                events.indexOf("REQUEUED") > events.indexOf("GIVEN_UP")
                        && events.lastIndexOf("GIVEN_UP") > events.indexOf("REQUEUED"),
                events::toString);
    }

    /** The statuses the CRM received for this message of the test's company, in arrival order. */
    private List<String> statusesOf(String messageId) {
        return crm.callbacks(company).stream()
                .filter(c -> messageId.equals(c.messageId()))
                .map(FakeCrm.Callback::status)
                .toList();
    }

    /** The message's history as the admin API shows it, oldest first. */
    private List<JsonObject> history(String messageId) throws Exception {
        return json(adminGet(
                                "messages/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId()
                                        + "/" + messageId,
                                ADMIN_TOKEN)
                        .body())
                .getJsonArray("history")
                .getValuesAs(JsonObject.class);
    }

    @Test
    void taskWhoseQueueMessageWasLostIsSentBySweeper() {
        String id = orphan("msg-lost", false);
        assertEquals(0, calls("msg-lost").size());
        sweep();
        assertEquals(1, awaitCalls("msg-lost", 1).size());
        assertTrue(eventually(WAIT, () -> "DONE".equals(task("msg-lost").getString("state"))));
        assertEquals(id, task("msg-lost").getString("id"));
    }

    /**
     * A task whose message has waited in the queue longer than {@code plugin.queue.stale-after} (1 s here) is behind
     * others, not lost: the sweeps leave it to its message (under a burst they queued thousands of such tasks again
     * each minute), and queue again only the one whose message is gone. The queue's delivery is paused meanwhile, as
     * behind a deep backlog; a task queued again has its last queue message at the sweep.
     */
    @Test
    void aTaskWhoseMessageIsStillInTheQueueIsNotQueuedAgainBySweeps() throws Exception {
        assertEquals(200, plugin.post("test-probe/send-queue-paused/true", "").status());
        String waiting;
        String lost;
        long sweptAt;
        try {
            Answer answer = plugin.post(
                    "test-probe/orphan/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId()
                            + "?queued=true",
                    Payloads.text("msg-waiting", "+15550203", "late").toString());
            assertEquals(200, answer.status(), answer.body());
            waiting = answer.object().getString("id");
            lost = orphan("msg-lost-beside-waiting", false, false, "+15550204");
            long storedAt = System.currentTimeMillis();
            sweptAt = System.currentTimeMillis();
            assertEquals(200, plugin.post("test-probe/sweep-at-start", "").status());
            sweep();
            assertTrue(enqueuedAt(waiting) < storedAt - 30_000, "the waiting one is left to its message");
            assertTrue(enqueuedAt(lost) >= sweptAt, "the lost one is queued again");
            assertEquals(0, calls("msg-waiting").size());
        } finally {
            assertEquals(
                    200, plugin.post("test-probe/send-queue-paused/false", "").status());
        }
        assertEquals(1, awaitCalls("msg-waiting", 1).size());
        assertEquals(1, awaitCalls("msg-lost-beside-waiting", 1).size());
        assertTrue(eventually(
                WAIT,
                () -> "DONE".equals(task("msg-waiting").getString("state"))
                        && "DONE".equals(task("msg-lost-beside-waiting").getString("state"))));
        assertEquals(waiting, task("msg-waiting").getString("id"));
        assertEquals(lost, task("msg-lost-beside-waiting").getString("id"));
    }

    /**
     * A message held behind an earlier one of its chat that is still being sent waits for that one's end, not for a
     * sweep: the sweeps leave it alone (under a burst into few chats they queued thousands of held messages again each
     * minute, each to be held once more), and the end of the earlier one sends it.
     */
    @Test
    void aMessageHeldForItsChatIsLeftToTheEndOfTheEarlierOneBySweeps() throws Exception {
        String contact = "+15550205";
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-head-9s", contact, "outlasts-lease"))
                        .status());
        awaitCalls("msg-head-9s", 1); // its call takes 9 s
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-held-behind", contact, "next"))
                        .status());
        String held = task("msg-held-behind").getString("id");
        Thread.sleep(1_500); // past plugin.queue.stale-after (1 s): its message came and found it held

        long sweptAt = System.currentTimeMillis();
        assertEquals(200, plugin.post("test-probe/sweep-at-start", "").status());
        sweep();
        assertTrue(enqueuedAt(held) < sweptAt, "the held message is left to the end of the earlier one");
        assertEquals("QUEUED", task("msg-held-behind").getString("state"));
        assertEquals(0, calls("msg-held-behind").size());

        assertTrue(eventually(WAIT, () -> "DONE".equals(task("msg-held-behind").getString("state"))));
        assertEquals(1, calls("msg-held-behind").size());
        assertTrue(
                calls("msg-head-9s").getJsonObject(0).getInt("order")
                        < calls("msg-held-behind").getJsonObject(0).getInt("order"),
                "the chat's order holds");
    }

    private long enqueuedAt(String taskId) {
        Answer answer = plugin.get("test-probe/enqueued-at/" + taskId);
        assertEquals(200, answer.status(), answer.body());
        return answer.object().getJsonNumber("at").longValue();
    }

    @Test
    void stuckTasksOfBothKindsAreCountedAndListedNewestFirstUntilTheSweep() throws Exception {
        clearOfTheSweeps();
        // Two chats: in one chat the later message would wait for the earlier one, and a task whose lease ran out
        // is woken by the next sweep only (a minute).
        String lost = orphan("msg-stuck-lost", false, false, "+15550201"); // its queue message lost
        Thread.sleep(5);
        String crashed = orphan("msg-stuck-crashed", true, false, "+15550202"); // its worker gone, its lease run out
        JsonObject counts = json(adminGet("counts", ADMIN_TOKEN).body());
        assertTrue(counts.getJsonObject("chatSend").getInt("STUCK") >= 2, counts::toString);

        // One page of all (other tests' stuck tasks may be there too), and the same walked one row a page: the
        // two kinds of stuck come from two queries, merged newest first and cut into pages.
        JsonObject all =
                json(adminGet("tasks?state=STUCK&size=200", ADMIN_TOKEN).body());
        List<String> listed = all.getJsonArray("items").stream()
                .map(i -> i.asJsonObject().getString("id"))
                .toList();
        assertTrue(listed.indexOf(crashed) >= 0 && listed.indexOf(lost) > listed.indexOf(crashed), listed::toString);
        assertEquals(listed.size(), all.getInt("total"));
        List<String> paged = new ArrayList<>();
        for (int page = 0; page < listed.size(); page++) {
            JsonArray items = json(adminGet("tasks?state=STUCK&size=1&page=" + page, ADMIN_TOKEN)
                            .body())
                    .getJsonArray("items");
            assertEquals(1, items.size());
            paged.add(items.getJsonObject(0).getString("id"));
        }
        assertEquals(listed, paged);

        sweep();
        List<String> after =
                json(adminGet("tasks?state=STUCK&size=200", ADMIN_TOKEN).body()).getJsonArray("items").stream()
                        .map(i -> i.asJsonObject().getString("id"))
                        .toList();
        assertFalse(after.contains(lost) || after.contains(crashed), after::toString);
        assertTrue(eventually(
                WAIT,
                () -> "DONE".equals(task("msg-stuck-lost").getString("state"))
                        && "DONE".equals(task("msg-stuck-crashed").getString("state"))));
    }

    /**
     * The sweeper runs at second 0 of every minute, the takeover sweep at seconds 5, 15, ... 55: a test that needs
     * stuck tasks to stay stuck for a few seconds starts right after a takeover sweep, and not in the minute's last
     * one.
     */
    private static void clearOfTheSweeps() throws InterruptedException {
        while (true) {
            int second = LocalTime.now().getSecond();
            if (second % 10 == 6 && second < 45) {
                return;
            }
            Thread.sleep(200);
        }
    }

    @Test
    void anAttemptTheDatabaseFailsIsTriedAgainWithinSecondsNotAtTheNextSweep() throws Exception {
        // Its message lost, then queued while another transaction holds its row for 5 s: on H2 the claim's lock wait
        // runs out after 2 s and the attempt fails; its message is handed back 2 s later, not dropped to wait for the
        // sweep at the next minute (which this test stays clear of). On PostgreSQL the claim waits for the lock.
        clearOfTheSweeps();
        int minute = LocalTime.now().getMinute();
        orphan("msg-held", false, true, "+15550203");
        Answer held = plugin.post(
                "test-probe/hold/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId()
                        + "/msg-held?millis=5000",
                "");
        assertEquals(200, held.status(), held.body());
        assertTrue(
                eventually(
                        Duration.ofSeconds(8),
                        () -> "DONE".equals(task("msg-held").getString("state"))),
                () -> task("msg-held").toString());
        assertEquals(minute, LocalTime.now().getMinute(), "no sweep ran meanwhile");
        assertEquals(1, calls("msg-held").size());
    }

    @Test
    void taskQueuedJustBeforeAStartIsQueuedAgainByTheStartSweep() {
        // Its queue message went out just now and was lost (non-persistent, gone with a crashed broker): the sweep
        // every minute would wait plugin.queue.stale-after, the sweep a start runs takes it at once.
        String id = orphan("msg-before-start", false, true);
        Answer swept = plugin.post("test-probe/sweep-at-start", "");
        assertEquals(200, swept.status(), swept.body());
        assertTrue(swept.object().getInt("queued") >= 1, swept.body());
        assertEquals(1, awaitCalls("msg-before-start", 1).size());
        assertTrue(eventually(WAIT, () -> "DONE".equals(task("msg-before-start").getString("state"))));
        assertEquals(id, task("msg-before-start").getString("id"));
    }

    @Test
    void theSenderIsCalledOutsideAnyTransaction() {
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-no-tx", "+15550196", "hello"))
                        .status());
        assertFalse(awaitCalls("msg-no-tx", 1).getJsonObject(0).getBoolean("inTransaction"));
    }

    @Test
    void duplicateQueueMessagesOfARunningMessageReachTheGatewayOnce() throws Exception {
        // The call takes 300 ms ("slow"): twenty copies of its queue message arrive from twenty threads meanwhile and
        // after it, as a broker redelivering it or two servers sweeping it would.
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-copies", "+15550195", "slow"))
                        .status());
        awaitCalls("msg-copies", 1);
        Answer copies = plugin.post(
                "test-probe/duplicate-messages/" + company.companyId() + "/" + company.alias() + "/"
                        + company.pluginId() + "/msg-copies?copies=20",
                "");
        assertEquals(200, copies.status(), copies.body());
        assertTrue(eventually(WAIT, () -> "DONE".equals(task("msg-copies").getString("state"))));
        assertEquals(
                200,
                plugin.post(
                                "test-probe/duplicate-messages/" + company.companyId() + "/" + company.alias() + "/"
                                        + company.pluginId() + "/msg-copies?copies=20",
                                "")
                        .status());
        sweepsThenSettle();
        assertEquals(1, calls("msg-copies").size(), () -> calls("msg-copies").toString());
    }

    @Test
    void taskOfACrashedWorkerIsTakenOverWithinALeaseAndItsChatGoesOn() throws Exception {
        // A worker died holding msg-crashed (its lease ran out, nobody renews it); the CRM then sends the next message
        // of the same chat, which must wait for the orphan. No sweep is triggered here: the takeover sweep every 10 s
        // must find the orphan by itself, and the end of the orphan must wake the message held behind it.
        String contact = "+15550198";
        orphan("msg-crashed", true, false, contact);
        assertEquals("RUNNING", task("msg-crashed").getString("state"));
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-behind-crashed", contact, "next"))
                        .status());
        assertTrue(
                eventually(
                        Duration.ofSeconds(30),
                        () -> "DONE".equals(task("msg-behind-crashed").getString("state"))),
                () -> "the chat did not go on: " + task("msg-behind-crashed"));
        JsonObject crashed = calls("msg-crashed").getJsonObject(0);
        assertEquals(2, crashed.getInt("attempt"), "the crashed attempt counts");
        assertEquals(1, calls("msg-crashed").size());
        assertTrue(
                crashed.getInt("order")
                        < calls("msg-behind-crashed").getJsonObject(0).getInt("order"),
                "the chat's order holds");
        List<String> events = json(adminGet(
                                "messages/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId()
                                        + "/msg-crashed",
                                ADMIN_TOKEN)
                        .body())
                .getJsonArray("history")
                .stream()
                .map(e -> e.asJsonObject().getString("event"))
                .toList();
        assertTrue(
                events.contains("TAKEN_OVER") && events.indexOf("TAKEN_OVER") < events.indexOf("DONE"),
                events::toString);
    }

    @Test
    void aGatewayCallLongerThanTheLeaseIsNotTakenOverNorSentTwice() throws Exception {
        // arquillian.xml: plugin.task.lease=PT5S. The call takes 9 s; its worker renews the lease meanwhile, so the
        // takeover sweep (every 10 s, one runs during the call or right after it) leaves the message alone.
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-outlasts-lease", "+15550197", "outlasts-lease"))
                        .status());
        awaitCalls("msg-outlasts-lease", 1);
        assertTrue(eventually(
                Duration.ofSeconds(30),
                () -> "DONE".equals(task("msg-outlasts-lease").getString("state"))));
        Thread.sleep(11_000); // past the next takeover sweep, and a start sweep's worth of time
        sweep();
        Thread.sleep(1_000);
        assertEquals(
                1,
                calls("msg-outlasts-lease").size(),
                () -> calls("msg-outlasts-lease").toString());
        String history = adminGet(
                        "messages/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId()
                                + "/msg-outlasts-lease",
                        ADMIN_TOKEN)
                .body();
        assertFalse(history.contains("TAKEN_OVER"), history);
    }

    @Test
    void unregisteredCompanyIsRefused() {
        Company stranger = Company.fresh();
        Answer answer = plugin.send(crm, stranger, Payloads.text("msg-x", "+1", "hi"));
        assertEquals(403, answer.status());
        assertEquals(
                Json.createObjectBuilder()
                        .add("code", 403)
                        .add("message", "Plugin was not registered")
                        .build(),
                answer.object());
        assertEquals(0, taskCount(stranger));
    }

    @Test
    void forgedSendTokenIsRefused() {
        String forged = crm.sign(
                crm.claims(company)
                        .add("body", Payloads.text("msg-f", "+1", "x"))
                        .build(),
                crm.key().id(),
                crm.newKey(false));
        Answer answer = plugin.post("special/send", PluginClient.body("request", forged));
        assertEquals(403, answer.status());
        assertEquals(403, plugin.post("special/send", "{}").status());
        assertEquals(400, plugin.post("special/send", "{oops").status());
        assertEquals(0, taskCount(company));
    }

    @Test
    void invalidPayloadsAnswer405AndStoreNothing() {
        JsonObject text = Json.createObjectBuilder()
                .add("text", "hi")
                .add("format", "text")
                .build();
        assertInvalid(
                Json.createObjectBuilder()
                        .add("chat", Json.createObjectBuilder().add("contact", "+1"))
                        .add(
                                "message",
                                Json.createObjectBuilder()
                                        .add("id", "m1")
                                        .add("content", JsonValue.NULL)
                                        .add("attachments", Json.createArrayBuilder()))
                        .build(),
                "empty message");
        assertInvalid(Payloads.text("m2", "+1", "   "), "blank text");
        assertInvalid(
                Payloads.chat(
                        "m3", "+1", Json.createObjectBuilder().add("text", "hi").add("format", "rtf")),
                "unknown format");
        assertInvalid(
                Json.createObjectBuilder()
                        .add("chat", Json.createObjectBuilder().add("contact", "+1"))
                        .add(
                                "message",
                                Json.createObjectBuilder()
                                        .add("id", "m4")
                                        .add("content", text)
                                        .add(
                                                "attachments",
                                                Json.createArrayBuilder()
                                                        .add(Json.createObjectBuilder()
                                                                .add("name", "x")
                                                                .add("uri", "https://x.test/x")
                                                                .add("type", "video"))))
                        .build(),
                "unknown attachment type");
        assertInvalid(
                Json.createObjectBuilder()
                        .add("chat", Json.createObjectBuilder().add("contact", "+1"))
                        .add("message", Json.createObjectBuilder().add("content", text))
                        .build(),
                "no message id");
        assertInvalid(
                Json.createObjectBuilder()
                        .add(
                                "message",
                                Json.createObjectBuilder().add("id", "m6").add("content", text))
                        .build(),
                "no chat");
        assertInvalid(
                Json.createObjectBuilder()
                        .add("chat", Json.createObjectBuilder().add("contact", 15550100))
                        .add(
                                "message",
                                Json.createObjectBuilder().add("id", "m7").add("content", text))
                        .build(),
                "contact of the wrong type");

        // A body claim that is not a payload at all.
        for (JsonObject claims : new JsonObject[] {
            crm.claims(company).add("body", "{not json").build(),
            crm.claims(company).add("body", 42).build(),
            crm.claims(company).build()
        }) {
            Answer answer = plugin.post("special/send", PluginClient.body("request", crm.sign(claims)));
            assertEquals(405, answer.status(), answer.body());
            assertEquals(405, answer.object().getInt("code"));
        }
        assertEquals(0, taskCount(company));
    }

    @Test
    void operatorSeesTheHistoryAndReplaysAFailedMessage() throws Exception {
        assertEquals(200, plugin.post("test-probe/gateway?down=true", "").status());
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text("msg-outage", "+15550177", "gateway-down"))
                        .status());
        assertTrue(eventually(WAIT, () -> "FAILED".equals(task("msg-outage").getString("state"))));
        String taskId = task("msg-outage").getString("id");

        // The admin API needs its token: 401 without, 403 with a wrong one.
        assertEquals(401, adminGet("counts", null).statusCode());
        assertEquals(403, adminGet("counts", "wrong-token").statusCode());
        assertEquals(403, adminGet("counts", "test-admin-token-but-longer").statusCode());

        JsonObject counts = json(adminGet("counts", ADMIN_TOKEN).body());
        assertTrue(counts.getJsonObject("chatSend").getInt("FAILED") >= 1);
        JsonObject failed =
                json(adminGet("tasks?state=FAILED&size=200", ADMIN_TOKEN).body());
        assertTrue(failed.getJsonArray("items").stream()
                .anyMatch(i -> taskId.equals(i.asJsonObject().getString("id"))));
        assertEquals(400, adminGet("tasks?state=BROKEN", ADMIN_TOKEN).statusCode());

        String path =
                "messages/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId() + "/msg-outage";
        JsonObject before = json(adminGet(path, ADMIN_TOKEN).body());
        List<String> events = before.getJsonArray("history").stream()
                .map(e -> e.asJsonObject().getString("event"))
                .toList();
        assertEquals(
                List.of("ACCEPTED", "ATTEMPT_FAILED", "ATTEMPT_FAILED", "ATTEMPT_FAILED", "GIVEN_UP", "QUEUED"),
                events.subList(0, Math.min(6, events.size())),
                events::toString);
        assertEquals(
                "gateway refused attempt 3",
                before.getJsonArray("history").getJsonObject(3).getString("detail"));
        assertEquals(
                404,
                adminGet("messages/" + company.companyId() + "/x/y/none", ADMIN_TOKEN)
                        .statusCode());

        // The gateway is back: a replay really reaches the sender, and the history shows it.
        assertEquals(200, plugin.post("test-probe/gateway?down=false", "").status());
        assertEquals(401, adminPost("tasks/" + taskId + "/replay", null).statusCode());
        assertEquals(200, adminPost("tasks/" + taskId + "/replay", ADMIN_TOKEN).statusCode());
        assertTrue(eventually(WAIT, () -> "DONE".equals(task("msg-outage").getString("state"))));
        JsonArray calls = calls("msg-outage");
        assertEquals(4, calls.size());
        assertFalse(calls.getJsonObject(3).getBoolean("failed"));
        assertEquals(
                409, adminPost("tasks/" + taskId + "/replay", ADMIN_TOKEN).statusCode(), "only FAILED tasks replay");
        assertEquals(404, adminPost("tasks/no-such-task/replay", ADMIN_TOKEN).statusCode());

        JsonObject after =
                json(adminGet("messages?messageId=msg-outage", ADMIN_TOKEN).body()).getJsonArray("items").stream()
                        .map(v -> v.asJsonObject())
                        .filter(m -> company.companyId().equals(m.getString("companyId")))
                        .findFirst()
                        .orElseThrow();
        List<String> all = after.getJsonArray("history").stream()
                .map(e -> e.asJsonObject().getString("event"))
                .toList();
        assertTrue(all.indexOf("REPLAYED") > all.indexOf("GIVEN_UP"), all::toString);
        assertEquals("DONE", all.get(all.size() - 1), all::toString);
    }

    private static final String ADMIN_TOKEN = "test-admin-token";

    private HttpResponse<String> adminGet(String path, String token) throws Exception {
        return admin("GET", path, token);
    }

    private HttpResponse<String> adminPost(String path, String token) throws Exception {
        return admin("POST", path, token);
    }

    private HttpResponse<String> admin(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(base.toString()).resolve("/admin/api/" + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return TestHttp.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private void assertInvalid(JsonObject payload, String what) {
        Answer answer = plugin.send(crm, company, payload);
        assertEquals(405, answer.status(), what + ": " + answer.body());
        assertEquals(405, answer.object().getInt("code"), what);
        assertTrue(answer.object().getString("message").length() > 5, what);
    }

    private JsonArray awaitCalls(String messageId, int count) {
        return awaitCalls(company, messageId, count);
    }

    private JsonArray awaitCalls(Company c, String messageId, int count) {
        assertTrue(
                eventually(WAIT, () -> calls(c, messageId).size() >= count),
                "expected " + count + " sender calls for " + messageId + ", got " + calls(c, messageId));
        return calls(c, messageId);
    }

    private JsonArray calls(String messageId) {
        return calls(company, messageId);
    }

    private JsonArray calls(Company c, String messageId) {
        return plugin.get("test-probe/calls/" + c.companyId() + "/" + messageId)
                .json()
                .asJsonArray();
    }

    private JsonObject task(String messageId) {
        return SendTasks.task(plugin, company, messageId);
    }

    private int peak(Company c) {
        return plugin.get("test-probe/peak/" + c.companyId()).object().getInt("peak");
    }

    private long taskCount(Company c) {
        return plugin.get("test-probe/tasks/" + c.companyId())
                .object()
                .getJsonNumber("count")
                .longValue();
    }

    private String orphan(String messageId, boolean crashed) {
        return orphan(messageId, crashed, false);
    }

    private String orphan(String messageId, boolean crashed, boolean fresh) {
        return orphan(messageId, crashed, fresh, "+15550199");
    }

    private String orphan(String messageId, boolean crashed, boolean fresh, String contact) {
        Answer answer = plugin.post(
                "test-probe/orphan/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId()
                        + "?crashed=" + crashed + "&fresh=" + fresh,
                Payloads.text(messageId, contact, "late").toString());
        assertEquals(200, answer.status(), answer.body());
        return answer.object().getString("id");
    }

    private void sweep() {
        assertEquals(200, plugin.post("test-probe/sweep", "").status());
    }

    /** Runs the start sweep and the minute sweep now, then gives a wrong second delivery time to show up. */
    private void sweepsThenSettle() throws InterruptedException {
        assertEquals(200, plugin.post("test-probe/sweep-at-start", "").status());
        sweep();
        Thread.sleep(1500);
    }

    static String unique() {
        return UUID.randomUUID().toString();
    }
}
