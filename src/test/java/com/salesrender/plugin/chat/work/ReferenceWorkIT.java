package com.salesrender.plugin.chat.work;

import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginClient.Answer;
import com.salesrender.plugin.chat.testkit.PluginTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Background work per company (ReferenceWorker) on the real stack, one server for all: the tests' worker
 * ({@link TestWorker}, steered by the company's saved echo prefix) runs for a registered company with saved settings,
 * again after each pause under one lease; a save ends the running work and starts it with the new settings; settings it
 * does not run for stop it; a lease left by a dead instance is taken over, one still held elsewhere is not; one run at
 * a time per company; a run that throws runs again after the pause. arquillian.xml sets plugin.work.tick to 1 s and
 * plugin.work.lease to 9 s.
 */
@PluginTest
@RunAsClient
class ReferenceWorkIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** The pause's lower bound as the test JVM sees the server's times (both taken from the server's clock). */
    private static final long PAUSE_MILLIS = TestWorker.PAUSE.toMillis() - 10;

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    @Kit
    PluginClient plugin;

    /** The echo plugin's WAR with the tests' worker and a probe of its runs and leases. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithEcho().addClasses(TestWorker.class, WorkProbe.class);
    }

    @Test
    void aCompanyWithSavedSettingsHasItsWorkRunAgainAfterEachPauseAndOthersHaveNone() {
        Company unsaved = registered();
        Company notFor = registered();
        save(notFor, "off");
        Company polled = registered();
        save(polled, "poll");

        assertTrue(
                eventually(WAIT, () -> runs(polled).size() >= 3),
                () -> runs(polled).toString());
        List<JsonObject> runs = runs(polled);
        for (int i = 1; i < runs.size(); i++) {
            JsonObject before = runs.get(i - 1);
            JsonObject after = runs.get(i);
            assertEquals(before.getInt("lease"), after.getInt("lease"), "run again under the same lease");
            long gap = after.getJsonNumber("startedAt").longValue()
                    - before.getJsonNumber("endedAt").longValue();
            assertTrue(gap >= PAUSE_MILLIS, () -> "no pause between two runs: " + runs);
        }
        assertEquals("poll", runs.get(0).getString("prefix"));

        twoFullTicks(); // every company above was saved before these: any of them that were to run would have
        assertEquals(List.of(), runs(unsaved), "no saved settings, no work");
        assertEquals(List.of(), runs(notFor), "runsFor is false for its settings");
        assertFalse(lease(unsaved).getBoolean("row"));
        assertFalse(lease(notFor).getBoolean("row"));
        assertEquals(lease(polled).getString("instance"), lease(polled).getString("owner"));
    }

    @Test
    void savingTheSettingsAgainEndsTheRunningWorkAndStartsItWithTheNewSettings() {
        Company company = registered();
        save(company, "watch:1");
        assertTrue(
                eventually(WAIT, () -> running(company, "watch:1")),
                () -> runs(company).toString());

        save(company, "watch:2");
        assertTrue(
                eventually(WAIT, () -> running(company, "watch:2")),
                () -> runs(company).toString());
        List<JsonObject> runs = runs(company);
        JsonObject first = runs.get(0);
        JsonObject second = runs.get(runs.size() - 1);
        assertEquals("watch:1", first.getString("prefix"));
        assertTrue(first.getJsonNumber("endedAt").longValue() > 0, "the first run saw held() turn false");
        assertTrue(
                second.getJsonNumber("startedAt").longValue()
                        >= first.getJsonNumber("endedAt").longValue(),
                () -> "the new run started before the old one returned: " + runs);
        assertNotEquals(first.getInt("lease"), second.getInt("lease"), "a new lease for the new settings");
        assertEquals(1, mostAtOnce(company));
    }

    @Test
    void settingsTheWorkerDoesNotRunForStopTheWorkForGood() {
        Company company = registered();
        save(company, "watch:on");
        assertTrue(
                eventually(WAIT, () -> running(company, "watch:on")),
                () -> runs(company).toString());

        save(company, "off");
        assertTrue(
                eventually(
                        WAIT,
                        () -> runs(company).get(0).getJsonNumber("endedAt").longValue() > 0),
                () -> runs(company).toString());
        assertTrue(
                eventually(WAIT, () -> lease(company).isNull("owner")),
                () -> lease(company).toString());
        twoFullTicks();
        assertEquals(1, runs(company).size(), () -> "started again: " + runs(company));
        JsonObject lease = lease(company);
        assertTrue(lease.isNull("owner"), "released, and not taken again: " + lease);
        assertTrue(lease.getJsonNumber("leaseUntil").longValue()
                <= lease.getJsonNumber("now").longValue());
    }

    @Test
    void theLeaseOfADeadInstanceIsTakenOver() {
        Company company = registered();
        plant(company, "dead-instance", -1000); // what a kill -9 leaves: its owner, its claim, an end in the past
        save(company, "poll");
        assertTrue(
                eventually(WAIT, () -> runs(company).size() >= 1),
                () -> lease(company).toString());
        JsonObject lease = lease(company);
        assertEquals(lease.getString("instance"), lease.getString("owner"), "held here now: " + lease);
    }

    @Test
    void aLeaseHeldByAnotherInstanceIsNotRunHereUntilItRunsOut() {
        Company company = registered();
        long until = plant(company, "live-instance", 5000);
        save(company, "poll");
        twoFullTicks();
        assertTrue(
                eventually(WAIT, () -> runs(company).size() >= 1),
                () -> lease(company).toString());
        long firstStart = runs(company).get(0).getJsonNumber("startedAt").longValue();
        assertTrue(firstStart >= until, "ran " + (until - firstStart) + " ms before the other instance's lease ended");
        JsonObject lease = lease(company);
        assertEquals(lease.getString("instance"), lease.getString("owner"), "held here now: " + lease);
    }

    @Test
    void neverTwoRunsAtOnceForOneCompanyWhileSavesComeQuickly() {
        Company company = registered();
        save(company, "slow:1"); // each run takes 3 s to return after its lease ended
        assertTrue(
                eventually(WAIT, () -> running(company, "slow:1")),
                () -> runs(company).toString());
        save(company, "slow:2");
        save(company, "slow:3");
        assertTrue(
                eventually(WAIT, () -> running(company, "slow:3")),
                () -> runs(company).toString());
        List<JsonObject> runs = runs(company);
        for (int i = 1; i < runs.size(); i++) {
            long endedBefore = runs.get(i - 1).getJsonNumber("endedAt").longValue();
            assertTrue(
                    endedBefore > 0 && runs.get(i).getJsonNumber("startedAt").longValue() >= endedBefore,
                    () -> "two runs at once: " + runs);
        }
        assertEquals(1, mostAtOnce(company), () -> runs.toString());
    }

    @Test
    void aRunThatThrowsRunsAgainAfterThePause() {
        Company company = registered();
        save(company, "throw");
        assertTrue(
                eventually(WAIT, () -> runs(company).size() >= 3),
                () -> runs(company).toString());
        List<JsonObject> runs = runs(company);
        for (int i = 1; i < runs.size(); i++) {
            assertTrue(runs.get(i).getBoolean("threw"));
            assertEquals(runs.get(0).getInt("lease"), runs.get(i).getInt("lease"), "retried under the same lease");
            long gap = runs.get(i).getJsonNumber("startedAt").longValue()
                    - runs.get(i - 1).getJsonNumber("endedAt").longValue();
            assertTrue(gap >= PAUSE_MILLIS, () -> "retried without a pause: " + runs);
        }
    }

    private Company registered() {
        Company company = Company.fresh();
        assertEquals(200, plugin.register(crm, company, "hpt").status());
        return company;
    }

    /** Saves the company's settings as the CRM's settings page does, with the echo form's fields. */
    private void save(Company company, String prefix) {
        String token = crm.sign(crm.claims(company).add("settings", true).build());
        String body = Json.createObjectBuilder()
                .add(
                        "main",
                        Json.createObjectBuilder()
                                .add("prefix", prefix)
                                .add("suffix", "")
                                .add("delay", 1))
                .build()
                .toString();
        var answer = plugin.exchange("PUT", "protected/data/settings", Map.of("X-PLUGIN-TOKEN", token), body);
        assertEquals(200, answer.status(), answer.body());
    }

    private List<JsonObject> runs(Company company) {
        return plugin.get("work-probe/runs/" + encode(company.companyId()))
                .object()
                .getJsonArray("runs")
                .getValuesAs(JsonObject.class);
    }

    private int mostAtOnce(Company company) {
        return plugin.get("work-probe/runs/" + encode(company.companyId()))
                .object()
                .getInt("mostAtOnce");
    }

    /** Whether the company's last run saw this prefix and has not returned. */
    private boolean running(Company company, String prefix) {
        List<JsonObject> runs = runs(company);
        if (runs.isEmpty()) {
            return false;
        }
        JsonObject last = runs.get(runs.size() - 1);
        return prefix.equals(last.getString("prefix"))
                && last.getJsonNumber("endedAt").longValue() == 0;
    }

    /** Two looks for work that started after this call, each to its end (one going already may be skipped). */
    private void twoFullTicks() {
        for (int i = 0; i < 2; i++) {
            assertTrue(eventually(
                    WAIT, () -> plugin.post("work-probe/tick", "").object().getBoolean("ran")));
        }
    }

    private long plant(Company company, String owner, long endsInMillis) {
        Answer answer = plugin.post(
                "work-probe/lease/" + path(company) + "?owner=" + encode(owner) + "&endsInMillis=" + endsInMillis, "");
        assertEquals(200, answer.status(), answer.body());
        return answer.object().getJsonNumber("until").longValue();
    }

    private JsonObject lease(Company company) {
        return plugin.get("work-probe/lease/" + path(company)).object();
    }

    private static String path(Company company) {
        return encode(company.companyId()) + "/" + encode(company.alias()) + "/" + encode(company.pluginId());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
