package com.salesrender.plugin.chat.application;

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
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Retention with the clock moved (the run is called with a later "now", as the timer would run then): a message sent
 * well goes with its history and its CRM requests after {@code plugin.retention.done} (30 days), a failed one after
 * {@code plugin.retention.failed} (90 days), its status record with it, a status request dropped as superseded after 90
 * days too, and its chat goes on in order. Runs on H2 and, in the PostgreSQL pass, on PostgreSQL.
 */
@PluginTest
@RunAsClient
class RetentionIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long DAY = Duration.ofDays(1).toMillis();

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithRecordingGateway().addClass(RetentionProbe.class);
    }

    @Test
    void endedMessagesGoAfterTheirRetentionWithTheirHistoryAndTheirChatGoesOn() throws Exception {
        PluginClient plugin = new PluginClient(base);
        Company company = Company.fresh();
        assertEquals(200, plugin.register(crm, company, "hpt").status());
        String contact = "+1555" + (int) (Math.random() * 1_000_000);
        String sent = "sent-" + UUID.randomUUID();
        String failed = "failed-" + UUID.randomUUID();

        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text(sent, contact, "hello")).status());
        assertTrue(eventually(WAIT, () -> "DONE".equals(state(plugin, company, sent))), "the first message is sent");
        assertEquals(202, gatewayStatus(company, sent, "delivered"));
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text(failed, "+15550000", "fail-always"))
                        .status());
        assertTrue(eventually(WAIT, () -> "FAILED".equals(state(plugin, company, failed))), "the second message fails");
        assertTrue(
                eventually(
                        WAIT,
                        () -> rows(plugin, company, sent).getInt("crm_request_live") == 0
                                && rows(plugin, company, failed).getInt("crm_request_live") == 0),
                "the statuses reached the CRM");

        JsonObject sentRows = rows(plugin, company, sent);
        JsonObject failedRows = rows(plugin, company, failed);
        assertEquals(1, sentRows.getInt("chat_send_task"));
        assertEquals(1, sentRows.getInt("crm_request"), "the delivered status");
        assertEquals(1, sentRows.getInt("message_status"));
        // A message sent at once, and its status, have nothing in their history but what their rows hold (accepted or
        // queued, done): no event is stored for them. A failed message's attempts are.
        assertEquals(0, sentRows.getInt("task_event"), sentRows.toString());
        assertTrue(failedRows.getInt("task_event") >= 2, failedRows.toString());
        assertEquals(1, failedRows.getInt("crm_request"), "the error status");
        assertEquals(1, failedRows.getInt("message_status"));

        // A status superseded before the CRM took it: "delivered" meets a CRM answering 500, "read" is reported
        // meanwhile, so "delivered" is DROPPED at its next attempt and only "read" reaches the CRM.
        String superseded = "superseded-" + UUID.randomUUID();
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text(superseded, "+15550002", "hello"))
                        .status());
        assertTrue(eventually(WAIT, () -> "DONE".equals(state(plugin, company, superseded))));
        crm.answerNext(company, 500, 500);
        assertEquals(202, gatewayStatus(company, superseded, "delivered"));
        assertTrue(
                eventually(
                        WAIT,
                        () -> crm.callbacks(company).stream()
                                .anyMatch(c -> c.isStatus() && superseded.equals(c.messageId()))),
                "delivered met the CRM's 500");
        assertEquals(202, gatewayStatus(company, superseded, "read"));
        assertTrue(eventually(WAIT, () -> rows(plugin, company, superseded).getInt("crm_request_live") == 0));
        JsonObject supersededRows = rows(plugin, company, superseded);
        assertEquals(2, supersededRows.getInt("crm_request"), supersededRows.toString());
        assertEquals(1, supersededRows.getInt("crm_request_dropped"), "delivered was dropped: " + supersededRows);
        assertTrue(supersededRows.getInt("task_event") >= 2, "delivered's failed attempt and drop: " + supersededRows);

        long now = System.currentTimeMillis();
        purge(plugin, now + DAY);
        assertEquals(supersededRows, rows(plugin, company, superseded));
        assertEquals(sentRows, rows(plugin, company, sent), "nothing goes before its time");
        assertEquals(failedRows, rows(plugin, company, failed));

        JsonObject deleted = purge(plugin, now + 31 * DAY);
        assertTrue(deleted.getInt("chat_send_task") >= 1, deleted.toString());
        JsonObject sentLeft = rows(plugin, company, sent);
        assertEquals(0, sentLeft.getInt("chat_send_task"), "a sent message goes after 30 days");
        assertEquals(0, sentLeft.getInt("crm_request"), "so do its ended requests to the CRM");
        assertEquals(0, sentLeft.getInt("task_event"), "and their history");
        assertEquals(1, sentLeft.getInt("message_status"), "its status record stays as long as any task may");
        JsonObject failedLeft = rows(plugin, company, failed);
        assertEquals(1, failedLeft.getInt("chat_send_task"), "a failed message stays 90 days");
        assertEquals(failedRows.getInt("task_event"), failedLeft.getInt("task_event"), "its history stays");
        assertEquals(0, failedLeft.getInt("crm_request"), "its error status reached the CRM: it went after 30 days");
        assertEquals(1, failedLeft.getInt("message_status"));
        JsonObject supersededLeft = rows(plugin, company, superseded);
        assertEquals(1, supersededLeft.getInt("crm_request"), "the read status went after 30 days: " + supersededLeft);
        assertEquals(1, supersededLeft.getInt("crm_request_dropped"), "a dropped request stays 90 days");
        assertTrue(
                supersededLeft.getInt("task_event") >= 2,
                "with its history (its failed attempt, its drop): " + supersededLeft);

        // A message running right now (its gateway call takes 9 s) and one queued behind it in its chat are live:
        // retention never touches them, however far the clock is put forward.
        String running = "running-" + UUID.randomUUID();
        String queued = "queued-" + UUID.randomUUID();
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text(running, "+15550001", "outlasts-lease"))
                        .status());
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text(queued, "+15550001", "behind it"))
                        .status());
        assertTrue(eventually(WAIT, () -> "RUNNING".equals(state(plugin, company, running))));

        purge(plugin, now + 91 * DAY);
        assertEquals("RUNNING", state(plugin, company, running), "a running message is never deleted");
        assertEquals("QUEUED", state(plugin, company, queued), "a queued message is never deleted");
        assertTrue(eventually(WAIT, () -> "DONE".equals(state(plugin, company, queued))), "and both go on");
        assertEquals("DONE", state(plugin, company, running));
        JsonObject failedGone = rows(plugin, company, failed);
        assertEquals(0, failedGone.getInt("chat_send_task"), "a failed message goes after 90 days");
        assertEquals(0, failedGone.getInt("task_event"));
        assertEquals(0, failedGone.getInt("message_status"));
        assertEquals(0, rows(plugin, company, sent).getInt("message_status"));
        assertEquals(
                0, rows(plugin, company, superseded).getInt("crm_request"), "a dropped request goes after 90 days");
        assertEquals(0, rows(plugin, company, superseded).getInt("task_event"), "with its history");

        // The chat of the deleted messages goes on: the next message of the contact is sent.
        String next = "next-" + UUID.randomUUID();
        assertEquals(
                202,
                plugin.send(crm, company, Payloads.text(next, contact, "again")).status());
        assertTrue(eventually(WAIT, () -> "DONE".equals(state(plugin, company, next))), "the chat goes on");

        Prometheus metrics = Prometheus.parse(plugin.get("metrics").body());
        assertTrue(metrics.value("chat_retention_deleted_total", "table", "chat_send_task") >= 2, metrics.toString());
        assertTrue(metrics.value("chat_retention_deleted_total", "table", "task_event") >= 4, metrics.toString());
        assertTrue(metrics.value("chat_retention_deleted_total", "table", "message_status") >= 2, metrics.toString());
    }

    private JsonObject purge(PluginClient plugin, long now) {
        Answer answer = plugin.post("test-probe/retention/purge?now=" + now, "");
        assertEquals(200, answer.status(), answer.body());
        return answer.object();
    }

    private static JsonObject rows(PluginClient plugin, Company company, String messageId) {
        return plugin.get("test-probe/retention/rows/" + company.companyId() + "/" + company.alias() + "/"
                        + company.pluginId() + "/" + messageId)
                .object();
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
