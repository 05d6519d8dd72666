package com.salesrender.plugin.chat.form;

import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testing.TestHttp;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginTest;
import com.salesrender.plugin.chat.testkit.RawHttp;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * A plugin's own part of the settings page, through HTTP as the CRM calls it: its {@code SettingsCheck} refusing,
 * passing, failing or taking too long on {@code PUT /protected/data/settings} (what is stored, and the
 * {@code SettingsSaved} events, seen after each), two saves at once, and its autocomplete and previewers on their
 * routes, with the token checks of every protected route. One server for all.
 */
@PluginTest
@RunAsClient
class PluginFormIT {

    private static final String DATA = "protected/data/settings";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    @Kit(registeredWith = "hpt")
    Company company;

    /**
     * The echo plugin's WAR as built, plus a plugin's form beans (a form with an autocomplete and two previewers, and
     * the beans behind them), a settings check that plays a gateway, and its test-only probe. The check timeout is the
     * default, {@code PT10S}.
     */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.pluginWithEcho()
                .addClasses(
                        FormPlugin.class,
                        FormPlugin.Cities.class,
                        FormPlugin.Sizes.class,
                        FormPlugin.Readme.class,
                        GatewayCheck.class,
                        GatewayCheckProbe.class);
    }

    // --- SettingsCheck ---

    @Test
    void refusedSettingsAreAnswered400WithTheChecksFieldErrorsAndNothingIsStored() {
        assertEquals(
                200,
                save(company, "{\"main\":{\"prefix\":\"one\"},\"auth\":{\"token\":\"secret-1\"}}")
                        .status());
        JsonObject before = stored(company);
        assertEquals(1, savedEvents(company));

        PluginClient.Answer refused = save(company, "{\"main\":{\"prefix\":\"refused\",\"suffix\":\"!\"}}");
        assertEquals(400, refused.status(), refused.body());
        assertEquals(
                json("{'main':{'prefix':['The gateway refused this prefix']},"
                        + "'auth':{'token':['The gateway does not know this token']}}"),
                refused.json());
        assertEquals(before, stored(company), "nothing stored");
        assertEquals(1, savedEvents(company), "no SettingsSaved for a refused save");

        // The check was given the data about to be saved: every field, the password kept in clear, no transaction.
        JsonObject given = lastSeen(company);
        assertEquals(JsonValue.FALSE, given.get("transaction"));
        assertEquals(
                json("{'main':{'prefix':'refused','suffix':'!','delay':null},'auth':{'token':'secret-1'},"
                        + "'lookups':{'city':null,'sizes':null,'readme':null}}"),
                given.getJsonObject("settings"));

        // A first save refused leaves nothing at all.
        Company fresh = registered();
        assertEquals(400, save(fresh, "{\"main\":{\"prefix\":\"refused\"}}").status());
        assertEquals("[]", get(fresh, DATA).body());
        assertEquals(0, savedEvents(fresh));
    }

    @Test
    void settingsTheCheckPassesAreSavedAndAnnounced() {
        PluginClient.Answer saved = save(
                company,
                "{\"main\":{\"prefix\":\"two\",\"suffix\":\"?\",\"delay\":4},\"auth\":{\"token\":\"secret-2\"},"
                        + "\"lookups\":{\"city\":[\"paris-1\"]}}");
        assertEquals(200, saved.status(), saved.body());
        assertEquals(
                json("{'main':{'prefix':'two','suffix':'?','delay':4},'auth':{'token':true},"
                        + "'lookups':{'city':['paris-1'],'sizes':null,'readme':null}}"),
                saved.json());
        assertEquals(saved.json(), stored(company));
        assertEquals(1, savedEvents(company));
        JsonObject given = lastSeen(company);
        assertEquals(JsonValue.FALSE, given.get("transaction"));
        assertEquals(
                "secret-2",
                given.getJsonObject("settings").getJsonObject("auth").getString("token"));

        // The form's own rules come first: the check is not asked about settings the form refuses.
        int asked = seen(company).size();
        assertEquals(400, save(company, "{\"main\":{\"prefix\":null}}").status());
        assertEquals(asked, seen(company).size());
    }

    @Test
    void aCheckThatThrowsIsAnswered500AndNothingIsStored() {
        assertEquals(200, save(company, "{\"main\":{\"prefix\":\"three\"}}").status());
        JsonObject before = stored(company);
        PluginClient.Answer failed = save(company, "{\"main\":{\"prefix\":\"throws\"}}");
        assertEquals(500, failed.status(), failed.body());
        assertEquals(
                json("{'code':500,'message':'The settings could not be checked; nothing was saved'}"), failed.json());
        assertFalse(failed.body().contains("gateway is down"), "how it failed is logged, not answered");
        assertEquals(before, stored(company));
        assertEquals(1, savedEvents(company));
    }

    @Test
    void aCheckPastTheTimeoutIsAnswered504NothingIsStoredAndTheCheckIsInterrupted() {
        assertEquals(200, save(company, "{\"main\":{\"prefix\":\"four\"}}").status());
        JsonObject before = stored(company);
        PluginClient.Answer late = save(company, "{\"main\":{\"prefix\":\"slow\"}}");
        assertEquals(504, late.status(), late.body());
        assertEquals(
                json("{'code':504,'message':'The settings could not be checked within 10 s; nothing was saved'}"),
                late.json());
        assertEquals(before, stored(company));
        assertEquals(1, savedEvents(company));
        assertTrue(
                eventually(WAIT, () -> seen(company).contains(Json.createValue("slow check interrupted"))),
                "the late check's thread is interrupted: " + seen(company));
    }

    /**
     * Save A's check holds while save B is made and answered: nothing of A is stored meanwhile, and B is not blocked by
     * A (no lock, no transaction held around a check). A's check then refuses: B's data stays, one event (B's).
     */
    @Test
    void twoSavesAtOnceEndWithTheDataOfTheOneWhoseCheckPassed() throws Exception {
        assertEquals(200, save(company, "{\"main\":{\"prefix\":\"before\"}}").status());
        String held = "hold:" + company.companyId() + "-refuse";
        CompletableFuture<HttpResponse<String>> first = saveAsync(company, "{\"main\":{\"prefix\":\"" + held + "\"}}");
        awaitHeld(held);
        assertEquals("before", prefix(stored(company)), "nothing stored while the check runs");

        PluginClient.Answer second = save(company, "{\"main\":{\"prefix\":\"second\"}}");
        assertEquals(200, second.status(), second.body());
        release(held);
        HttpResponse<String> refused = first.get();
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals(json("{'main':{'prefix':['The gateway refused " + held + "']}}"), parse(refused.body()));
        assertEquals("second", prefix(stored(company)));
        assertEquals(2, savedEvents(company), "the first save and B's");
    }

    /**
     * Save A leaves the password out (keeping the stored one) and its check holds; save B changes the password. A would
     * now write B's password, which its check has not seen: A is checked again with it, and only then saved.
     */
    @Test
    void aSaveWhoseDataChangedUnderItsCheckIsCheckedAgainBeforeItIsWritten() throws Exception {
        assertEquals(
                200,
                save(company, "{\"main\":{\"prefix\":\"p\"},\"auth\":{\"token\":\"old\"}}")
                        .status());
        String held = "hold:" + company.companyId() + "-pass";
        CompletableFuture<HttpResponse<String>> first = saveAsync(company, "{\"main\":{\"prefix\":\"" + held + "\"}}");
        awaitHeld(held);
        assertEquals(
                200,
                save(company, "{\"main\":{\"prefix\":\"q\"},\"auth\":{\"token\":\"new\"}}")
                        .status());
        release(held);
        HttpResponse<String> saved = first.get();
        assertEquals(200, saved.statusCode(), saved.body());

        List<String> tokensChecked = seen(company).stream()
                .map(JsonValue::asJsonObject)
                .filter(s -> prefix(s.getJsonObject("settings")).equals(held))
                .map(s -> s.getJsonObject("settings").getJsonObject("auth").getString("token"))
                .toList();
        assertEquals(List.of("old", "new"), tokensChecked, "checked once with each password");
        assertEquals(held, prefix(stored(company)));
        assertEquals(3, savedEvents(company));
        // What is stored is what was checked last: the next save keeps "new".
        assertEquals(200, save(company, "{\"main\":{\"prefix\":\"r\"}}").status());
        assertEquals(
                "new",
                lastSeen(company)
                        .getJsonObject("settings")
                        .getJsonObject("auth")
                        .getString("token"));
    }

    // --- autocomplete and previews ---

    @Test
    void theAutocompleteAnswersTheValuesForATextAndTheTitlesOfChosenValues() {
        String cid = company.companyId();
        PluginClient.Answer typed = get(company, "protected/autocomplete/cities?query=par&dep=" + url("[1,\"x\"]"));
        assertEquals(200, typed.status(), typed.body());
        assertEquals(
                Json.createObjectBuilder()
                        .add(
                                "par-1",
                                Json.createObjectBuilder()
                                        .add("title", "City par 1")
                                        .add("group", cid + " [1,\"x\"] []"))
                        .add(
                                "par-2",
                                Json.createObjectBuilder()
                                        .add("title", "City par 2")
                                        .addNull("group"))
                        .build(),
                typed.json());
        assertEquals("[]", get(company, "protected/autocomplete/cities?query=").body(), "none: an empty PHP array");
        assertEquals("[]", get(company, "protected/autocomplete/cities").body());

        PluginClient.Answer chosen = get(
                company,
                "protected/autocomplete/cities?query%5B%5D=b-2&query%5B0%5D=a-1&context=" + url("{\"k\":\"v\"}"));
        assertEquals(200, chosen.status(), chosen.body());
        assertEquals(
                "[\"b-2\",\"a-1\"]",
                Json.createArrayBuilder(chosen.object().keySet()).build().toString(),
                "in the order asked");
        assertEquals("City b-2", chosen.object().getJsonObject("b-2").getString("title"));
        assertEquals(
                cid + " [] {\"k\":\"v\"}", chosen.object().getJsonObject("a-1").getString("group"));

        // Any registered company's token will do, as the reference: no settings claim needed.
        assertEquals(
                200,
                get(crm.sign(crm.claims(company).build()), "protected/autocomplete/cities?query=a")
                        .status());
    }

    @Test
    void thePreviewersAnswerATableAndMarkdown() {
        String cid = company.companyId();
        PluginClient.Answer table = get(company, "protected/preview/table/sizes?dep=" + url("[\"paris-1\"]"));
        assertEquals(200, table.status(), table.body());
        assertEquals(
                Json.createArrayBuilder()
                        .add(Json.createArrayBuilder()
                                .add("Company")
                                .add("Dependencies")
                                .add("Context"))
                        .add(Json.createArrayBuilder()
                                .add(cid)
                                .add(Json.createArrayBuilder().add("paris-1"))
                                .add(JsonValue.EMPTY_JSON_ARRAY)
                                .add(20)
                                .addNull())
                        .build(),
                table.json());

        PluginClient.Answer markdown = get(company, "protected/preview/markdown/readme?context=" + url("{\"a\":1}"));
        assertEquals(200, markdown.status(), markdown.body());
        assertEquals(
                Json.createObjectBuilder()
                        .add("markdown", "# " + cid + "\n" + cid + " [] {\"a\":1}")
                        .build(),
                markdown.json());
    }

    @Test
    void unknownNamesBadQueriesAndFailingBeansAreAnsweredWithTheErrorShape() {
        for (String unknown : List.of(
                "protected/autocomplete/status?query=a",
                "protected/preview/table/x",
                "protected/preview/markdown/x",
                // A name of another kind is unknown too.
                "protected/preview/table/readme",
                "protected/autocomplete/sizes?query=a")) {
            assertError(exchange("GET", unknown, token(company)), 404, "Not Found");
        }
        for (String bad : List.of(
                "protected/autocomplete/cities?query=a&dep=%5B1",
                "protected/autocomplete/cities?query=a&query%5B%5D=b",
                "protected/autocomplete/cities?query=a&query=b",
                "protected/preview/table/sizes?context=%7Bx",
                "protected/preview/markdown/readme?dep=%E0%A4")) {
            assertError(exchange("GET", bad, token(company)), 400, null);
        }
        // A broken escape, which the JDK's URI refuses to send, written as it is (the server may read it as "%ZZ").
        RawHttp.Reply broken = RawHttp.exchange(
                base,
                "GET /protected/preview/markdown/readme?dep=%ZZ HTTP/1.1",
                new String[] {"X-PLUGIN-TOKEN: " + settingsToken(company)},
                new byte[0]);
        assertError(broken, 400, null);
        for (String failing : List.of(
                "protected/autocomplete/cities?query=boom",
                "protected/autocomplete/cities?query%5B%5D=boom",
                "protected/preview/table/sizes?dep=" + url("[\"boom\"]"),
                "protected/preview/markdown/readme?context=" + url("\"boom\""))) {
            assertError(exchange("GET", failing, token(company)), 500, "Internal error");
        }
        assertError(exchange("POST", "protected/autocomplete/cities", token(company)), 405, null);
    }

    @Test
    void theLookupRoutesNeedAValidTokenOfARegisteredCompany() {
        for (String path : List.of(
                "protected/autocomplete/cities?query=a",
                "protected/preview/table/sizes",
                "protected/preview/markdown/readme")) {
            assertError(exchange("GET", path, Map.of()), 401, "X-PLUGIN-TOKEN not found");
            assertError(exchange("GET", path, Map.of("X-PLUGIN-TOKEN", "garbage")), 403, null);
            assertError(
                    exchange(
                            "GET",
                            path,
                            Map.of(
                                    "X-PLUGIN-TOKEN",
                                    crm.sign(
                                            crm.claims(company).build(),
                                            crm.key().id(),
                                            crm.newKey(false)))),
                    403,
                    null);
            assertError(exchange("GET", path, token(Company.fresh())), 403, "Plugin was not registered");
            // Unknown names answer 404 only to a caller the route lets in.
            assertError(exchange("GET", path.replaceAll("(cities|sizes|readme)", "nope"), Map.of()), 401, null);
        }
    }

    // --- helpers ---

    private PluginClient plugin() {
        return new PluginClient(base);
    }

    private Company registered() {
        Company fresh = Company.fresh();
        assertEquals(200, plugin().register(crm, fresh, "hpt").status());
        return fresh;
    }

    private static String settingsToken(Company c) {
        return crm.sign(crm.claims(c).add("settings", true).build());
    }

    private static Map<String, String> token(Company c) {
        return Map.of("X-PLUGIN-TOKEN", settingsToken(c));
    }

    private PluginClient.Answer save(Company c, String body) {
        RawHttp.Reply reply = exchange(
                "PUT", DATA, Map.of("X-PLUGIN-TOKEN", settingsToken(c), "Content-Type", "application/json"), body);
        return new PluginClient.Answer(reply.status(), reply.body());
    }

    private CompletableFuture<HttpResponse<String>> saveAsync(Company c, String body) {
        HttpClient http = TestHttp.client();
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create(base.toString()).resolve(DATA))
                        .header("X-PLUGIN-TOKEN", settingsToken(c))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private PluginClient.Answer get(Company c, String path) {
        return get(settingsToken(c), path);
    }

    private PluginClient.Answer get(String pluginToken, String path) {
        RawHttp.Reply reply = exchange("GET", path, Map.of("X-PLUGIN-TOKEN", pluginToken));
        return new PluginClient.Answer(reply.status(), reply.body());
    }

    private RawHttp.Reply exchange(String method, String path, Map<String, String> headers) {
        return exchange(method, path, headers, null);
    }

    private RawHttp.Reply exchange(String method, String path, Map<String, String> headers, String body) {
        return plugin().exchange(method, path, headers, body);
    }

    private JsonObject stored(Company c) {
        PluginClient.Answer data = get(c, DATA);
        assertEquals(200, data.status(), data.body());
        return data.object();
    }

    private static String prefix(JsonObject settings) {
        return settings.getJsonObject("main").getString("prefix");
    }

    private JsonArray seen(Company c) {
        return parse(plugin().get("test-probe/form/seen/" + c.companyId()).body())
                .asJsonArray();
    }

    private JsonObject lastSeen(Company c) {
        JsonArray seen = seen(c);
        return seen.getJsonObject(seen.size() - 1);
    }

    private int savedEvents(Company c) {
        return Integer.parseInt(
                plugin().get("test-probe/form/saved/" + c.companyId()).body());
    }

    private void awaitHeld(String key) {
        assertTrue(
                eventually(
                        WAIT,
                        () -> plugin().get("test-probe/form/waiting/" + key)
                                .body()
                                .equals("true")),
                "the check of " + key + " is running");
    }

    private void release(String key) {
        assertEquals(200, plugin().post("test-probe/form/release/" + key, "").status());
    }

    private static void assertError(RawHttp.Reply reply, int status, String message) {
        assertEquals(status, reply.status(), reply.body());
        assertTrue(reply.contentType().startsWith("application/json"), reply.contentType());
        JsonObject error = parse(reply.body()).asJsonObject();
        assertEquals(status, error.getInt("code"), reply.body());
        if (message != null) {
            assertEquals(message, error.getString("message"));
        }
    }

    private static String url(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static JsonStructure json(String text) {
        return parse(text.replace('\'', '"'));
    }

    private static JsonStructure parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.read();
        }
    }
}
