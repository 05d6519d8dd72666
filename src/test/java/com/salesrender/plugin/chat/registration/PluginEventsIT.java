package com.salesrender.plugin.chat.registration;

import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testing.TestHttp;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginClient.Answer;
import com.salesrender.plugin.chat.testkit.PluginTest;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * What a plugin builds the incoming side of a gateway on, seen through the API only: the registered references page by
 * page, the events after a registration or a settings save (observed after the commit by a test observer, which then
 * finds what they announce in a transaction of its own), and its own secrets sealed with the core's key.
 */
@PluginTest
@RunAsClient
class PluginEventsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithTestJobs().addClasses(EventRecorder.class, EventsProbe.class);
    }

    @Test
    void registeredCompaniesAreListedPageByPageInTheirReferencesOrder() {
        PluginClient plugin = new PluginClient(base);
        Company first = Company.fresh();
        Company second = Company.fresh();
        assertEquals(200, plugin.register(crm, first, "hpt").status());
        assertEquals(200, plugin.register(crm, second, "hpt").status());

        List<String> byOne = strings(plugin.get("test-probe/events/walk?size=1"));
        List<String> byMany = strings(plugin.get("test-probe/events/walk?size=1000"));
        assertEquals(byMany, byOne, "the same order whatever the page size");
        assertEquals(byOne.size(), new HashSet<>(byOne).size(), "no reference twice");
        int a = byOne.indexOf(reference(first));
        int b = byOne.indexOf(reference(second));
        assertTrue(a >= 0 && b >= 0, "both listed: " + byOne);
        assertEquals(first.companyId().compareTo(second.companyId()) < 0, a < b, "in the references' order");

        // A page past the end is empty (no overflow of page * size); bad arguments are refused as the API says.
        assertEquals(
                "[]",
                plugin.get("test-probe/events/page?page=2147483647&size=1000").body());
        for (String bad : List.of("page=-1&size=1", "page=0&size=0", "page=0&size=1001")) {
            assertEquals(
                    "{\"refused\":\"IllegalArgumentException\"}",
                    plugin.get("test-probe/events/page?" + bad).body(),
                    bad);
        }
    }

    @Test
    void eachRegistrationIsObservedAfterItsCommitAndARefusedOneIsNot() {
        PluginClient plugin = new PluginClient(base);
        Company company = Company.fresh();
        assertEquals(200, plugin.register(crm, company, "hpt-1").status());
        String seen = "registered stored=true api=true job=scheduled";
        awaitSeen(plugin, company, List.of(seen));
        // The job the observer scheduled ran: its welcome reached the CRM.
        assertTrue(
                eventually(
                        WAIT,
                        () -> crm.callbacks(company).stream()
                                .anyMatch(c -> c.isIncoming()
                                        && ("welcome " + company.companyId())
                                                .equals(c.body()
                                                        .asJsonObject()
                                                        .getJsonObject("message")
                                                        .getJsonObject("content")
                                                        .getString("text")))),
                "the job scheduled by the observer forwarded its welcome");

        // Registering again replaces the registration: the event comes again.
        assertEquals(200, plugin.register(crm, company, "hpt-2").status());
        awaitSeen(plugin, company, List.of(seen, seen));

        // Refused before the registration is touched (a token signed with an unknown key), and inside its
        // transaction (a token older than the stored registration's): nothing is fired.
        String unknownKey = crm.sign(
                crm.claims(company)
                        .add("HPT", "forged")
                        .add("country", "US")
                        .add("currency", "USD")
                        .build(),
                crm.newKey(false));
        assertEquals(
                403,
                plugin.put("registration", PluginClient.body("registration", unknownKey))
                        .status());
        long now = System.currentTimeMillis() / 1000;
        String older = crm.sign(crm.claims(company)
                .add("iat", now - 600)
                .add("HPT", "old")
                .add("country", "US")
                .add("currency", "USD")
                .build());
        assertEquals(
                403,
                plugin.put("registration", PluginClient.body("registration", older))
                        .status());
        Company stranger = Company.fresh();
        assertEquals(
                403,
                plugin.put(
                                "registration",
                                PluginClient.body(
                                        "registration",
                                        crm.sign(
                                                crm.claims(stranger)
                                                        .add("HPT", "x")
                                                        .add("country", "US")
                                                        .add("currency", "USD")
                                                        .build(),
                                                crm.newKey(false))))
                        .status());
        pause();
        assertEquals(List.of(seen, seen), seen(plugin, company));
        assertEquals(List.of(), seen(plugin, stranger));
    }

    @Test
    void aSavedSettingsIsObservedOnceAfterItsCommitAndARefusedSaveIsNot() {
        PluginClient plugin = new PluginClient(base);
        Company company = Company.fresh();
        assertEquals(200, plugin.register(crm, company, "hpt").status());
        awaitSeen(plugin, company, List.of("registered stored=true api=true job=scheduled"));
        String token = crm.sign(crm.claims(company).add("settings", true).build());

        assertEquals(200, settings(token, "{\"main\":{\"prefix\":\"<<\",\"suffix\":\">>\",\"delay\":1}}"));
        List<String> expected = List.of("registered stored=true api=true job=scheduled", "saved stored=<< api=<<");
        awaitSeen(plugin, company, expected);

        // Invalid (delay 0..10), and a token without the settings claim: refused, nothing fired.
        assertEquals(400, settings(token, "{\"main\":{\"prefix\":\"!\",\"suffix\":\"!\",\"delay\":99}}"));
        assertEquals(
                403,
                settings(
                        crm.sign(crm.claims(company).build()),
                        "{\"main\":{\"prefix\":\"!\",\"suffix\":\"!\",\"delay\":1}}"));
        pause();
        assertEquals(expected, seen(plugin, company));
    }

    @Test
    void aSecretSealedForOneReferenceOpensForItOnlyAndNotOnceAltered() {
        PluginClient plugin = new PluginClient(base);
        Company company = Company.fresh();
        Company other = Company.fresh();
        String sealed = string(plugin.post(path("seal", company), "mailbox-p4ss"));
        assertTrue(sealed.startsWith("enc:v2:") && !sealed.contains("mailbox-p4ss"), sealed);
        assertNotEquals(sealed, string(plugin.post(path("seal", company), "mailbox-p4ss")), "a new nonce each time");
        assertEquals("mailbox-p4ss", string(plugin.post(path("open", company), sealed)));

        String refused = "{\"refused\":\"SecretRefused\"}";
        assertEquals(refused, plugin.post(path("open", other), sealed).body(), "another company's value");
        Company otherPlugin = new Company(company.companyId(), company.alias(), company.pluginId() + "0");
        assertEquals(refused, plugin.post(path("open", otherPlugin), sealed).body(), "another plugin id's value");
        int middle = "enc:v2:".length() + (sealed.length() - "enc:v2:".length()) / 2;
        String altered =
                sealed.substring(0, middle) + (sealed.charAt(middle) == 'A' ? 'B' : 'A') + sealed.substring(middle + 1);
        assertEquals(refused, plugin.post(path("open", company), altered).body(), "an altered value");
        assertEquals(refused, plugin.post(path("open", company), "mailbox-p4ss").body(), "a value never sealed");
    }

    private static String path(String verb, Company company) {
        return "test-probe/events/" + verb + "/" + company.companyId() + "/" + company.alias() + "/"
                + company.pluginId();
    }

    private static String reference(Company company) {
        return company.companyId() + "/" + company.alias() + "/" + company.pluginId();
    }

    private static String string(Answer answer) {
        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.object().containsKey("value"), answer.body());
        return answer.object().getString("value");
    }

    private static List<String> strings(Answer answer) {
        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.json() instanceof JsonArray, answer.body());
        return ((JsonArray) answer.json()).getValuesAs(JsonString::getString);
    }

    private static List<String> seen(PluginClient plugin, Company company) {
        return strings(plugin.get("test-probe/events/seen/" + company.companyId()));
    }

    private static void awaitSeen(PluginClient plugin, Company company, List<String> expected) {
        eventually(WAIT, () -> seen(plugin, company).size() >= expected.size());
        assertEquals(expected, seen(plugin, company));
    }

    /** Time for an event that should not come, were it fired late. */
    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int settings(String token, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(base.toString()).resolve("protected/data/settings"))
                    .header("X-PLUGIN-TOKEN", token)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return TestHttp.client()
                    .send(request, HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
