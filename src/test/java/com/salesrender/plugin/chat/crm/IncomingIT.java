package com.salesrender.plugin.chat.crm;

import static com.salesrender.plugin.chat.testkit.PluginClient.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.notes.Note;
import com.example.notes.NotesProbe;
import com.salesrender.plugin.chat.testing.Deployments;
import com.salesrender.plugin.chat.testing.TestHttp;
import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.FakeCrm.Callback;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginTest;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The incoming side a gateway plugin builds on, on one server: files stored for the CRM ({@code Uploads.store}) and
 * served at their URL, messages forwarded once per gateway id ({@code IncomingChats.forward}) inside the caller's
 * transaction, also when forwards of one id race, statuses reported ({@code MessageStatuses.report}) inside the
 * caller's transaction or outside any, and a plugin's own tables (its migrations in {@code db/plugin}, its entities in
 * the core's persistence unit). The calls are made as a plugin's code makes them, by a test-only probe inside
 * transactions it commits or rolls back.
 */
@PluginTest
@RunAsClient
class IncomingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HPT = "incoming-hpt-long-enough-for-any-hs512-verifier-0123456789abcdef012345";
    private static final long MAX_SIZE = 10 * 1024 * 1024; // plugin.upload.max-size, by default
    private static final Pattern STORED_URI = Pattern.compile(
            Pattern.quote(FakeCrm.SELF_URI)
                    + "uploaded/([^/?#]+)/([^/?#]+)/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\.([a-z0-9]+)");

    @Kit
    static FakeCrm crm;

    @ArquillianResource
    URL base;

    @Kit
    PluginClient plugin;

    @Kit(registeredWith = HPT)
    Company company;

    private final HttpClient http = TestHttp.client();

    /**
     * The echo plugin's WAR as built, plus what the tests need, each where a plugin project's build would put it:
     *
     * <ul>
     *   <li>{@link IncomingProbe} (and the CRM requests' probe): test-only resources calling the API as a plugin does;
     *   <li>a stand-in plugin "notes" with tables of its own: its scripts under {@code db/plugin} (and
     *       {@code db/plugin-vendor/h2|postgresql}) go to {@code WEB-INF/classes}, where a plugin's
     *       {@code src/main/resources} land, and its entity {@link Note} (package {@code com.example.notes}, listed
     *       nowhere) and {@link NotesProbe} go to {@code WEB-INF/classes} beside the core's persistence.xml, as a
     *       plugin's classes do (the WAR overlay).
     * </ul>
     */
    @Deployment(testable = false)
    static WebArchive deployment() {
        WebArchive war = Deployments.pluginWithEcho().addClasses(IncomingProbe.class, Note.class, NotesProbe.class);
        for (String script : List.of(
                "db/plugin/V1__notes.sql",
                "db/plugin-vendor/h2/V2__vendor_note.sql",
                "db/plugin-vendor/postgresql/V2__vendor_note.sql")) {
            war.addAsResource("plugin-tables/" + script, script);
        }
        return war;
    }

    // ---- Uploads.store

    @Test
    void aStoredFileIsServedAtItsUrlWithItsBytesAndItsType() {
        byte[] photo = new byte[300_000]; // past the 64 KiB kept in memory: spooled to a file first
        new Random(11).nextBytes(photo);
        String uri = stored(store(company, "Photo From Customer.JPG", "image/jpeg", photo, false));

        Matcher shape = STORED_URI.matcher(uri);
        assertTrue(shape.matches(), uri);
        assertEquals(company.companyId(), shape.group(1));
        assertEquals(company.pluginId(), shape.group(2));
        assertEquals("jpg", shape.group(3));
        // The URL says where the file is and nothing more: no query, no token, none of the registration's secret.
        URI parsed = URI.create(uri);
        assertEquals(null, parsed.getRawQuery());
        assertEquals(null, parsed.getRawUserInfo());
        assertFalse(uri.contains(HPT), uri);

        HttpResponse<byte[]> served = get(pathOf(uri));
        assertEquals(200, served.statusCode());
        assertArrayEquals(photo, served.body());
        assertEquals("image/jpeg", served.headers().firstValue("Content-Type").orElse(null));
        assertEquals(
                "nosniff", served.headers().firstValue("X-Content-Type-Options").orElse(null));

        // A name without an extension takes the content type's; a page is served as bytes to download, as uploads are.
        String voice = stored(store(company, "voice", "audio/ogg; codecs=opus", bytes("ogg"), false));
        assertTrue(voice.endsWith(".ogg"), voice);
        assertEquals(
                "audio/ogg",
                get(pathOf(voice)).headers().firstValue("Content-Type").orElse(null));
        String page = stored(store(company, "page.html", "text/html", bytes("<script>alert(1)</script>"), false));
        HttpResponse<byte[]> pageServed = get(pathOf(page));
        assertEquals(
                "application/octet-stream",
                pageServed.headers().firstValue("Content-Type").orElse(null));
        assertTrue(pageServed
                .headers()
                .firstValue("Content-Disposition")
                .orElse("")
                .startsWith("attachment"));
        assertEquals(3, uploads(company));
    }

    @Test
    void refusedFilesStoreNothing() {
        JsonObject empty = store(company, "empty.txt", "text/plain", new byte[0], false);
        assertRefused(empty, "IllegalArgumentException");
        assertEquals("The file is empty", empty.getString("message"));

        JsonObject over = storeGenerated(company, "big.bin", MAX_SIZE + 1);
        assertRefused(over, "IllegalArgumentException");
        assertTrue(over.getString("message").contains("plugin.upload.max-size"), over::toString);
        JsonObject endless = storeGenerated(company, "endless.bin", -1);
        assertRefused(endless, "IllegalArgumentException");
        assertEquals(MAX_SIZE + 1, endless.getJsonNumber("read").longValue(), "read up to the first byte past the cap");

        assertRefused(store(company, null, "text/plain", bytes("no name"), false), "IllegalArgumentException");
        Company stranger = Company.fresh();
        assertRefused(store(stranger, "hello.txt", "text/plain", bytes("hello"), false), "NotRegistered");
        assertEquals(0, uploads(company), "nothing stored");
        assertEquals(0, uploads(stranger), "nothing stored");

        JsonObject exactly = storeGenerated(company, "max.bin", MAX_SIZE);
        assertTrue(exactly.getBoolean("committed"), exactly::toString);
        assertEquals(1, uploads(company), "exactly the cap is stored");
    }

    @Test
    void aFileStoredInATransactionThatRollsBackIsNotThere() {
        String uri = stored(store(company, "photo.png", "image/png", bytes("png"), true));
        assertEquals(404, get(pathOf(uri)).statusCode());
        assertEquals(0, uploads(company));
    }

    // ---- IncomingChats.forward(reference, gatewayId, chat)

    @Test
    void aGatewayIdIsForwardedOnce() {
        JsonObject first = forward(company, "tg-1001", "first delivery", null, 0, false);
        assertTrue(first.getBoolean("forwarded"), first::toString);
        JsonObject again = forward(company, "tg-1001", "second delivery", null, 0, false);
        assertTrue(again.getBoolean("committed"), again::toString);
        assertFalse(again.getBoolean("forwarded"), "the second forward of the id is no forward");

        assertEquals(1, incomingRequests(company), "the second forward queued nothing");
        assertEquals(List.of("first delivery"), deliveredTexts(company));

        // Gateway ids belong to their plugin reference: another company's message with the same id goes on.
        Company other = Company.fresh();
        assertEquals(200, plugin.register(crm, other, HPT).status());
        assertTrue(forward(other, "tg-1001", "other company", null, 0, false).getBoolean("forwarded"));
        assertEquals(List.of("other company"), deliveredTexts(other));
    }

    /**
     * Forwards of one id on several threads at once, each in a transaction that stays open a while after its forward
     * and also forwards a message of its own (no gateway id): exactly one forwards the id, and every transaction
     * commits, the losers' own messages included. Held past H2's lock timeout (2 s) too, where the losing insert waits
     * again.
     */
    @Test
    void concurrentForwardsOfOneIdForwardItOnceAndFailNoTransaction() {
        race(company, "race-short", 8, 500);
        race(company, "race-long", 3, 2500);
        assertEquals(2 + 8 + 3, incomingRequests(company));
        List<String> texts = deliveredTexts(company);
        assertEquals(1, texts.stream().filter("race-short"::equals).count(), texts::toString);
        assertEquals(1, texts.stream().filter("race-long"::equals).count(), texts::toString);
        assertEquals(
                8 + 3, texts.stream().filter(t -> t.startsWith("companion ")).count(), texts::toString);
    }

    private void race(Company owner, String gatewayId, int threads, long holdMillis) {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            calls.add(http.sendAsync(
                    HttpRequest.newBuilder(URI.create(base
                                    + forwardPath(
                                            owner,
                                            gatewayId,
                                            gatewayId,
                                            "companion " + gatewayId + " " + i,
                                            holdMillis,
                                            false)))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(120))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        int forwarded = 0;
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> answer = call.join();
            assertEquals(200, answer.statusCode(), answer.body());
            JsonObject result = json(answer.body());
            assertTrue(result.getBoolean("committed", false), () -> "a transaction failed: " + result);
            forwarded += result.getBoolean("forwarded") ? 1 : 0;
        }
        assertEquals(1, forwarded, "forwarded by exactly one of " + threads);
    }

    @Test
    void aForwardRolledBackReachesNobodyAndLeavesItsIdFree() {
        JsonObject rolledBack = forward(company, "mail-<a@b>", "rolled back", null, 0, true);
        assertTrue(rolledBack.getBoolean("forwarded"), rolledBack::toString);
        assertFalse(rolledBack.getBoolean("committed"));
        assertEquals(0, incomingRequests(company), "nothing queued for the CRM");

        assertTrue(forward(company, "mail-<a@b>", "committed", null, 0, false).getBoolean("forwarded"));
        assertEquals(List.of("committed"), deliveredTexts(company));
    }

    @Test
    void badGatewayIdsAreRefusedAndTheCallersTransactionGoesOn() {
        // (Half a character cannot travel in a URL: GatewayIdTest refuses it.)
        for (String bad : List.of("", "   ", "x".repeat(256), "a\u0000b", "line\nbreak", "tab\tbed")) {
            JsonObject refused = forward(company, bad, "never", null, 0, false);
            assertRefused(refused, "IllegalArgumentException");
        }
        assertRefused(forward(Company.fresh(), "tg-1", "never", null, 0, false), "NotRegistered");
        assertEquals(0, incomingRequests(company), "nothing stored");

        String longest = "\uD83D\uDE00" + "y".repeat(253); // 255 characters, a surrogate pair among them
        assertTrue(forward(company, longest, "longest id", null, 0, false).getBoolean("forwarded"));
        assertFalse(
                forward(company, longest, "longest id again", null, 0, false).getBoolean("forwarded"));
        assertEquals(1, incomingRequests(company));
    }

    // ---- MessageStatuses.report

    @Test
    void aStatusReportedInATransactionReachesTheCrmOnlyWhenItCommits() throws InterruptedException {
        // Rolled back: as a plugin job that reports, then throws to be run again.
        JsonObject rolledBack = report(company, "status-in-tx", "sent", false, true);
        assertTrue(rolledBack.getBoolean("queued"), rolledBack::toString);
        assertFalse(rolledBack.getBoolean("committed"));
        // The rerun's report is news again (a status stored outside the transaction would answer false here) and
        // reaches the CRM once.
        JsonObject committed = report(company, "status-in-tx", "sent", false, false);
        assertTrue(committed.getBoolean("queued"), committed::toString);
        assertTrue(eventually(WAIT, () -> statusesOf(company, "status-in-tx").size() == 1));
        Thread.sleep(1000);
        assertEquals(List.of("sent"), statusesOf(company, "status-in-tx"));

        // Outside any transaction (a webhook's), stored at once; a status that does not move on is not queued.
        assertTrue(report(company, "status-in-tx", "delivered", true, false).getBoolean("queued"));
        assertFalse(report(company, "status-in-tx", "sent", true, false).getBoolean("queued"));
        assertTrue(eventually(WAIT, () -> statusesOf(company, "status-in-tx").size() == 2));
    }

    @Test
    void aStatusRolledBackNeverReachesTheCrm() throws InterruptedException {
        assertTrue(report(company, "status-rolled-back", "read", false, true).getBoolean("queued"));
        // A later message's status, committed, reaches the CRM: the rolled-back one had every chance to go first.
        assertTrue(report(company, "status-after", "read", false, false).getBoolean("queued"));
        assertTrue(eventually(WAIT, () -> statusesOf(company, "status-after").size() == 1));
        Thread.sleep(1000);
        assertEquals(List.of(), statusesOf(company, "status-rolled-back"));
    }

    @Test
    void badStatusReportsAreRefusedAsTheApiSaysAndTheCallersTransactionGoesOn() {
        // The API's own exceptions, not an enterprise bean's wrapper around them.
        for (boolean outside : List.of(false, true)) {
            JsonObject stranger = report(Company.fresh(), "status-stranger", "sent", outside, false);
            assertEquals("NotRegistered", stranger.getString("refused", null), stranger::toString);
            JsonObject tooLong = report(company, "m".repeat(256), "sent", outside, false);
            assertEquals("IllegalArgumentException", tooLong.getString("refused", null), tooLong::toString);
            if (!outside) {
                assertRefused(stranger, "NotRegistered");
                assertRefused(tooLong, "IllegalArgumentException");
            }
        }
        assertEquals(List.of(), statusesOf(company, "m".repeat(256)));
    }

    /** plugin.incoming.dedup-retention (30 days by default) through the retention timer's run. */
    @Test
    void aGatewayIdIsKeptForItsRetentionThenForgotten() {
        long now = System.currentTimeMillis();
        assertTrue(forward(company, "kept-1", "kept", null, 0, false).getBoolean("forwarded"));
        retention(now + Duration.ofDays(29).toMillis());
        assertFalse(forward(company, "kept-1", "within 30 days", null, 0, false).getBoolean("forwarded"));
        JsonObject deleted = retention(now + Duration.ofDays(31).toMillis());
        assertTrue(deleted.getInt("incoming_gateway_id") >= 1, deleted::toString);
        assertTrue(forward(company, "kept-1", "after 30 days", null, 0, false).getBoolean("forwarded"));
    }

    // ---- a plugin's own tables

    @Test
    void aPluginsOwnMigrationsRunWithTheirOwnHistoryAndItsEntitiesWork() {
        JsonObject histories = plugin.get("notes-probe/histories").object();
        // Its scripts, after the markers Flyway writes (the table's creation; the baseline, version 0, on PostgreSQL).
        assertEquals(
                List.of("V1__notes.sql", "V2__vendor_note.sql"),
                histories.getJsonArray("plugin").stream()
                        .map(JsonValue::asJsonObject)
                        .filter(row -> !List.of("null", "0").contains(row.getString("version")))
                        .map(row -> row.getString("script"))
                        .toList(),
                histories::toString);
        assertTrue(histories.getJsonArray("plugin").stream()
                .allMatch(row -> row.asJsonObject().getBoolean("success")));
        // The core's history holds the core's scripts only, its vendor folder's among them.
        List<String> core = column(histories, "core", "script");
        assertTrue(core.contains("V1__registrations_and_send_tasks.sql"), core::toString);
        assertTrue(core.contains("V15__chat_order_cached.sql"), core::toString);
        assertTrue(core.contains("V19__incoming_gateway_ids.sql"), core::toString);
        assertFalse(core.stream().anyMatch(s -> s.contains("notes")), core::toString);

        // The vendor folder of this database ran (and not the other's).
        String vendor = histories.getString("database").equals("PostgreSQL") ? "postgresql" : "h2";
        assertEquals(vendor, plugin.get("notes-probe/notes/vendor").object().getString("text"));

        String text = "a note " + UUID.randomUUID();
        String id = plugin.post("notes-probe/notes?text=" + encode(text), "")
                .object()
                .getString("id");
        JsonObject read = plugin.get("notes-probe/notes/" + id).object();
        assertTrue(read.getBoolean("found"), read::toString);
        assertEquals(text, read.getString("text"));
        assertEquals(1, read.getInt("countByQuery"));
    }

    // ---- helpers

    private JsonObject forward(
            Company owner, String gatewayId, String text, String companion, long holdMillis, boolean rollback) {
        PluginClient.Answer answer =
                plugin.post(forwardPath(owner, gatewayId, text, companion, holdMillis, rollback), "");
        assertEquals(200, answer.status(), answer.body());
        return answer.object();
    }

    private JsonObject report(Company owner, String messageId, String status, boolean outside, boolean rollback) {
        PluginClient.Answer answer = plugin.post(
                "incoming-probe/report/" + owner.companyId() + "/" + owner.alias() + "/" + owner.pluginId()
                        + "?message=" + encode(messageId) + "&status=" + status + "&outside=" + outside
                        + "&rollback=" + rollback,
                "");
        assertEquals(200, answer.status(), answer.body());
        return answer.object();
    }

    /** The statuses the CRM received for the message, in order. */
    private List<String> statusesOf(Company owner, String messageId) {
        return crm.statuses(owner).stream()
                .filter(c -> messageId.equals(c.messageId()))
                .map(Callback::status)
                .toList();
    }

    private static String forwardPath(
            Company owner, String gatewayId, String text, String companion, long holdMillis, boolean rollback) {
        return "incoming-probe/forward/" + owner.companyId() + "/" + owner.alias() + "/" + owner.pluginId()
                + "?gatewayId=" + encode(gatewayId) + "&text=" + encode(text)
                + (companion == null ? "" : "&companion=" + encode(companion))
                + "&holdMillis=" + holdMillis + "&rollback=" + rollback;
    }

    private JsonObject store(Company owner, String name, String type, byte[] content, boolean rollback) {
        String path = storePath(owner) + "?rollback=" + rollback
                + (name == null ? "" : "&name=" + encode(name))
                + (type == null ? "" : "&type=" + encode(type));
        return post(path, content);
    }

    private JsonObject storeGenerated(Company owner, String name, long size) {
        return post(storePath(owner) + "?name=" + encode(name) + "&generated=" + size, new byte[0]);
    }

    private static String storePath(Company owner) {
        return "incoming-probe/store/" + owner.companyId() + "/" + owner.alias() + "/" + owner.pluginId();
    }

    private JsonObject post(String path, byte[] body) {
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .timeout(Duration.ofSeconds(120))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            return json(answer.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stored(JsonObject answer) {
        assertTrue(answer.containsKey("uri"), answer::toString);
        return answer.getString("uri");
    }

    private static void assertRefused(JsonObject answer, String exception) {
        assertEquals(exception, answer.getString("refused", null), answer::toString);
        assertTrue(answer.getBoolean("transactionUsable"), () -> "the caller's transaction was spoiled: " + answer);
    }

    private HttpResponse<byte[]> get(String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create(base + path.substring(1))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The path of a returned URL, to fetch it from the test server (the self URI is not resolvable here). */
    private static String pathOf(String uri) {
        return "/" + uri.substring(FakeCrm.SELF_URI.length());
    }

    private long uploads(Company owner) {
        return plugin.get("incoming-probe/uploads/" + owner.companyId())
                .object()
                .getJsonNumber("count")
                .longValue();
    }

    private JsonObject retention(long now) {
        return plugin.post("incoming-probe/retention?now=" + now, "").object();
    }

    /** The incoming messages stored for the CRM for this company (any state). */
    private long incomingRequests(Company owner) {
        return plugin.get("test-probe/crm/requests/" + owner.companyId()).json().asJsonArray().stream()
                .filter(r -> "INCOMING".equals(r.asJsonObject().getString("endpoint")))
                .count();
    }

    /**
     * The texts of the incoming messages the CRM got for this company, once each stored request was delivered (their
     * count is the stored requests', so a second delivery would show).
     */
    private List<String> deliveredTexts(Company owner) {
        assertTrue(
                eventually(WAIT, () -> incomingCallbacks(owner).size() >= incomingRequests(owner)),
                () -> "delivered: " + incomingCallbacks(owner));
        return incomingCallbacks(owner).stream()
                .map(c -> c.body()
                        .asJsonObject()
                        .getJsonObject("message")
                        .getJsonObject("content")
                        .getString("text"))
                .toList();
    }

    private List<Callback> incomingCallbacks(Company owner) {
        return crm.callbacks(owner).stream().filter(Callback::isIncoming).toList();
    }

    private static List<String> column(JsonObject histories, String table, String column) {
        return histories.getJsonArray(table).stream()
                .map(JsonValue::asJsonObject)
                .map(row -> row.get(column) instanceof JsonString s ? s.getString() : String.valueOf(row.get(column)))
                .toList();
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = jakarta.json.Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
