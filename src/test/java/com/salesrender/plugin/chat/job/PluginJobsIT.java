package com.salesrender.plugin.chat.job;

import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.FakeCrm.Callback;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginClient.Answer;
import com.salesrender.plugin.chat.testkit.PluginTest;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Plugin jobs (PluginJobs, PluginJobHandler) on the real stack: stored, run once after their delay, their handler's
 * forwarded messages committed with the job's end (and with nothing when it throws), retried, given up, waiting on
 * RetryLater, and refused when they cannot run. The tests' handler (TestJobHandler, type "test") forwards incoming
 * messages to the fake CRM; arquillian.xml gives jobs 3 attempts, 1 s apart.
 */
@PluginTest
@RunAsClient
class PluginJobsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    @Kit
    PluginClient plugin;

    @Kit(registeredWith = "jobs-hpt-long-enough-for-any-hs512-verifier-0123456789abcdef0123456789")
    Company company;

    /** The echo plugin's WAR with the tests' job handler and a probe that schedules jobs. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithTestJobs();
    }

    @Test
    void aJobRunsOnceAfterItsDelay() throws Exception {
        String text = "forwarded by a job " + unique();
        long scheduledAt = System.currentTimeMillis();
        assertScheduled(schedule("test", "forward:" + text, "job-once", 2000));
        assertTrue(eventually(WAIT, () -> incoming(text).size() == 1), () -> "callbacks: " + crm.callbacks(company));
        Callback forwarded = incoming(text).get(0);
        // The token's iat is when the request was signed: never before the job was due.
        assertTrue(
                forwarded.claims().getJsonNumber("iat").longValue() * 1000 >= scheduledAt + 2000 - 1000,
                () -> "ran before its delay: " + forwarded.claims());
        assertTrue(eventually(WAIT, () -> "DONE".equals(state("job-once").getString("state"))));
        Thread.sleep(2000);
        assertEquals(1, incoming(text).size(), "run once");
        assertEquals(1, runs("forward:" + text));
    }

    @Test
    void whatAFailingRunStoredIsRolledBackAndTheJobIsRetried() {
        // It forwards, then throws on its first two runs: only the third run's forward may reach the CRM.
        String text = "flaky " + unique();
        assertScheduled(schedule("test", "flaky:" + text, "job-flaky", 0));
        assertTrue(
                eventually(WAIT, () -> "DONE".equals(state("job-flaky").getString("state"))),
                () -> state("job-flaky").toString());
        assertEquals(3, state("job-flaky").getInt("attempts"));
        assertEquals(
                List.of("SCHEDULED", "ATTEMPT_FAILED", "ATTEMPT_FAILED", "DONE"),
                events("job-flaky"),
                "each failure recorded by its worker, none left for a takeover");
        assertEquals(3, runs("flaky:" + text));
        assertTrue(eventually(WAIT, () -> incoming(text).size() == 1));
        assertEquals(1, incoming(text).size(), "the two failed runs' forwards were rolled back");
    }

    @Test
    void aJobThatKeepsFailingIsGivenUpAndKept() {
        assertScheduled(schedule("test", "fail:" + unique(), "job-fail", 0));
        assertTrue(
                eventually(WAIT, () -> "FAILED".equals(state("job-fail").getString("state"))),
                () -> state("job-fail").toString());
        assertEquals(3, state("job-fail").getInt("attempts"));
        assertEquals(
                List.of("SCHEDULED", "ATTEMPT_FAILED", "ATTEMPT_FAILED", "ATTEMPT_FAILED", "GIVEN_UP"),
                events("job-fail"));
    }

    @Test
    void retryLaterWaitsWithoutUsingAnAttempt() {
        String text = "waited " + unique();
        assertScheduled(schedule("test", "wait:" + text, "job-wait", 0));
        assertTrue(
                eventually(WAIT, () -> "DONE".equals(state("job-wait").getString("state"))),
                () -> state("job-wait").toString());
        assertEquals(1, state("job-wait").getInt("attempts"), "the RetryLater run did not count");
        assertEquals(List.of("SCHEDULED", "WAITED", "DONE"), events("job-wait"));
        assertEquals(2, runs("wait:" + text));
        assertTrue(eventually(WAIT, () -> incoming(text).size() == 1));
    }

    @Test
    void jobsThatCannotRunAreRefusedAndNothingIsStored() {
        assertEquals(
                "IllegalArgumentException",
                schedule("no-such-type", "x", "job-unknown", 0).getString("refused"));
        assertEquals(
                "IllegalArgumentException",
                schedule("test", "forward:x", "job-negative", -1).getString("refused"));
        assertEquals(
                "IllegalArgumentException",
                schedule("", "forward:x", "job-blank", 0).getString("refused"));
        Company stranger = Company.fresh();
        assertEquals(
                "NotRegistered",
                schedule(stranger, "test", "forward:x", "job-stranger", 0).getString("refused"));
        for (String message : List.of("job-unknown", "job-negative", "job-blank")) {
            assertEquals("NONE", state(message).getString("state"), message);
        }
        assertEquals(
                "NONE",
                plugin.get("job-probe/state/" + encode(stranger.companyId()) + "/job-stranger")
                        .object()
                        .getString("state"));
    }

    private JsonObject schedule(String type, String data, String messageId, long delayMillis) {
        return schedule(company, type, data, messageId, delayMillis);
    }

    private JsonObject schedule(Company owner, String type, String data, String messageId, long delayMillis) {
        Answer answer = plugin.post(
                "job-probe/schedule/" + owner.companyId() + "/" + owner.alias() + "/" + owner.pluginId()
                        + "?type=" + encode(type) + "&data=" + encode(data) + "&message=" + encode(messageId)
                        + "&delayMillis=" + delayMillis,
                "");
        assertEquals(200, answer.status(), answer.body());
        return answer.object();
    }

    private static void assertScheduled(JsonObject answer) {
        assertTrue(answer.getBoolean("scheduled"), answer::toString);
    }

    /** The state of this test's company's job about the message (each test has a fresh company). */
    private JsonObject state(String messageId) {
        return plugin.get("job-probe/state/" + encode(company.companyId()) + "/" + encode(messageId))
                .object();
    }

    private List<String> events(String messageId) {
        return state(messageId).getJsonArray("events").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString)
                .toList();
    }

    private int runs(String data) {
        return plugin.get("job-probe/runs?data=" + encode(data)).object().getInt("runs");
    }

    private List<Callback> incoming(String text) {
        return crm.callbacks(company).stream()
                .filter(Callback::isIncoming)
                .filter(c -> text.equals(c.body()
                        .asJsonObject()
                        .getJsonObject("message")
                        .getJsonObject("content")
                        .getString("text")))
                .toList();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String unique() {
        return UUID.randomUUID().toString();
    }
}
