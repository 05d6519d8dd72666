package com.example.telegram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.GatewayServer;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginTest;
import com.salesrender.plugin.chat.testkit.PluginWar;
import com.salesrender.plugin.chat.testkit.RawHttp;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The plugin as built, on one Payara Micro with its broker and database (started once for these tests), with the test
 * kit's fake CRM and a Bot API the test plays ({@link FakeTelegram}, declared first so it is up before the server
 * starts): operators' messages go out with the right Bot API method and format, Telegram's refusals end or delay them
 * as they should, customers' updates reach the CRM once and only with the company's secret, and the bot token is
 * checked and its webhook set at every save.
 */
@ExtendWith(FakeTelegram.Start.class)
@PluginTest
@RunAsClient
class TelegramChatIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicLong CHATS = new AtomicLong(7_000_000 + new Random().nextInt(1_000_000));
    private static final AtomicLong UPDATES = new AtomicLong(100_000);

    private static FakeTelegram telegram;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return PluginWar.asBuilt();
    }

    @ArquillianResource
    URL base;

    @Kit
    static FakeCrm crm;

    @Kit
    PluginClient plugin;

    @Kit(registeredWith = "the-company-registration-secret")
    Company company;

    @BeforeAll
    static void bots() {
        telegram = FakeTelegram.shared();
        // Files some attachments link to (not uploaded to the plugin): served by the same test server.
        telegram.server().route("/files/voice.ogg", r -> GatewayServer.Reply.bytes(200, "audio/ogg", VOICE));
    }

    private static final byte[] PHOTO = bytes(30_000, 1);
    private static final byte[] VOICE = bytes(12_000, 2);
    private static final byte[] PDF = bytes(50_000, 3);

    /**
     * A markdown message with an image and a document uploaded to the plugin and a voice message from another web
     * server: the text is the photo's caption in Telegram HTML, each file goes with its own method and bytes, and the
     * CRM hears {@code sent}. A text message goes with no parse mode, its characters as written; an HTML one as
     * Telegram's HTML.
     */
    @Test
    void eachAttachmentGoesWithItsMethodAndTheTextInTheChatsFormat() {
        String bot = saveBot();
        String chat = newChat();
        String photo = upload("image", "photo.png", PHOTO);
        String pdf = upload(null, "price list.pdf", PDF);
        String voice = telegram.server().url() + "files/voice.ogg";

        send(message(
                "m-media",
                chat,
                "markdown",
                "Your **order** <3 & more",
                List.of(
                        attachment("photo.png", photo, "image"),
                        attachment("voice.ogg", voice, "voice"),
                        attachment("price list.pdf", pdf, "file"))));
        awaitStatus("m-media", "sent");
        GatewayServer.Request sentPhoto = only(telegram.calls(bot, "sendPhoto"));
        assertEquals(chat, sentPhoto.field("chat_id"));
        assertEquals("Your <b>order</b> &lt;3 &amp; more", sentPhoto.field("caption"), "the text is the caption");
        assertEquals("HTML", sentPhoto.field("parse_mode"));
        GatewayServer.Part photoPart = sentPhoto.part("photo").orElseThrow();
        assertEquals("photo.png", photoPart.fileName());
        assertEquals("image/png", photoPart.contentType());
        assertArrayEquals(PHOTO, photoPart.content());
        GatewayServer.Request sentVoice = only(telegram.calls(bot, "sendVoice"));
        assertArrayEquals(VOICE, sentVoice.part("voice").orElseThrow().content(), "fetched from its URL");
        assertNull(sentVoice.field("caption"), "the caption goes with the first attachment only");
        GatewayServer.Request sentDocument = only(telegram.calls(bot, "sendDocument"));
        assertEquals(
                "price list.pdf", sentDocument.part("document").orElseThrow().fileName());
        assertArrayEquals(PDF, sentDocument.part("document").orElseThrow().content());
        assertTrue(telegram.calls(bot, "sendMessage").isEmpty(), "no text of its own: it was the caption");
        assertTrue(
                sentPhoto.receivedAtNanos() < sentVoice.receivedAtNanos()
                        && sentVoice.receivedAtNanos() < sentDocument.receivedAtNanos(),
                "in the message's order");

        send(message("m-text", chat, "text", "a < b & *c*", List.of()));
        awaitStatus("m-text", "sent");
        JsonObject text = only(telegram.calls(bot, "sendMessage")).json();
        assertEquals("a < b & *c*", text.getString("text"), "plain text is sent as written");
        assertFalse(text.containsKey("parse_mode"));
        assertEquals(Long.parseLong(chat), text.getJsonNumber("chat_id").longValue());

        send(message("m-html", chat, "html", "<p>Thanks, <strong>Bob</strong>!</p><p>1 &lt; 2</p>", List.of()));
        awaitStatus("m-html", "sent");
        JsonObject html = telegram.calls(bot, "sendMessage").get(1).json();
        assertEquals("Thanks, <b>Bob</b>!\n\n1 &lt; 2", html.getString("text"));
        assertEquals("HTML", html.getString("parse_mode"));
    }

    /**
     * A message of two parts (a text too long for a caption, then a photo) whose photo Telegram answers 429 four times,
     * each asking for a second: it is sent once Telegram takes it, though the plugin allows 3 attempts (the waits use
     * none), each call at least {@code retry_after} after the last, and the text is not sent again.
     */
    @Test
    void a429StormIsWaitedOutWithoutUsingAttemptsOrRepeatingWhatWasSent() {
        String bot = saveBot();
        String chat = newChat();
        String photo = upload("image", "photo.png", PHOTO);
        for (int i = 0; i < 4; i++) {
            telegram.answerNext(chat, "sendPhoto", FakeTelegram.tooManyRequests(1));
        }
        String longText = "Your order, line by line.\n" + "A line of the order.\n".repeat(60);
        send(message("m-storm", chat, "text", longText, List.of(attachment("photo.png", photo, "image"))));
        awaitStatus("m-storm", "sent");
        List<GatewayServer.Request> photos = telegram.calls(bot, "sendPhoto");
        assertEquals(5, photos.size(), "four 429s, then taken");
        for (int i = 1; i < photos.size(); i++) {
            long gap = photos.get(i).receivedAtNanos() - photos.get(i - 1).receivedAtNanos();
            assertTrue(gap >= Duration.ofSeconds(1).toNanos(), "retry_after honoured: " + gap / 1_000_000 + " ms");
        }
        assertEquals(1, telegram.calls(bot, "sendMessage").size(), "the text went once");
        assertEquals(
                longText.strip(),
                telegram.calls(bot, "sendMessage").get(0).json().getString("text"));
        assertEquals(1, crm.statuses(company).size(), "one status");
    }

    /** "bot was blocked by the user" (403) and "chat not found" (400): {@code error} after that one call. */
    @Test
    void aBlockedBotOrAMissingChatIsAnErrorAtOnce() {
        String bot = saveBot();
        String blocked = newChat();
        String missing = newChat();
        telegram.answerNext(
                blocked, "sendMessage", FakeTelegram.refusal(403, "Forbidden: bot was blocked by the user"));
        telegram.answerNext(missing, "sendMessage", FakeTelegram.refusal(400, "Bad Request: chat not found"));

        send(message("m-blocked", blocked, "text", "Hello?", List.of()));
        send(message("m-missing", missing, "text", "Hello?", List.of()));
        awaitStatus("m-blocked", "error");
        awaitStatus("m-missing", "error");
        assertEquals(2, telegram.calls(bot, "sendMessage").size(), "one call each: Telegram's answer will not change");
    }

    /**
     * A customer's photo (three sizes, a caption) reaches the CRM as an image attachment of the largest size, at a URL
     * of the plugin that serves its bytes; nothing the CRM gets holds the bot token, though Telegram's file URL does.
     */
    @Test
    void aPhotoReachesTheCrmAtAPluginUrlThatHoldsNoToken() {
        String bot = saveBot();
        String secret = awaitWebhook(bot).field("secret_token");
        byte[] big = bytes(40_000, 4);
        telegram.file("big-" + company.companyId(), "photos/file_7.jpg", big);
        telegram.file("small-" + company.companyId(), "photos/file_6.jpg", bytes(900, 5));
        String chat = newChat();
        JsonObject photo = message(chat)
                .add("caption", "My foot")
                .add(
                        "photo",
                        Json.createArrayBuilder()
                                .add(size("small-" + company.companyId(), 90))
                                .add(size("big-" + company.companyId(), 1280)))
                .build();
        assertEquals(200, postUpdate(secret, update(photo)).status());

        FakeCrm.Callback incoming = crm.awaitCallback(company, FakeCrm.Callback::isIncoming, WAIT)
                .orElseThrow(() -> new AssertionError("the photo was not forwarded"));
        assertEquals(chat, incoming.chat().getString("contact"), "answers go to the chat it came from");
        assertTrue(incoming.chat().isNull("id"), "the CRM has not written to this chat: it finds it by its contact");
        assertEquals("Ann Lee (@ann)", incoming.chat().getString("subject"));
        assertEquals("My foot", incoming.text());
        JsonObject attachment = incoming.message().getJsonArray("attachments").getJsonObject(0);
        assertEquals("image", attachment.getString("type"));
        assertEquals("file_7.jpg", attachment.getString("name"));
        String url = attachment.getString("uri");
        assertTrue(url.startsWith(FakeCrm.SELF_URI + "uploaded/"), url);
        assertFalse(incoming.envelope().toString().contains(bot), "the token reaches the CRM nowhere");
        assertFalse(incoming.claims().toString().contains(bot));
        PluginClient.Download served = plugin.download(URI.create(url));
        assertEquals(200, served.status());
        assertArrayEquals(big, served.body(), "the largest size, served by the plugin");
        assertEquals(
                "big-" + company.companyId(),
                only(telegram.calls(bot, "getFile")).field("file_id"));
        assertEquals(
                1,
                telegram.server()
                        .requests(r -> r.path().equals("/file/bot" + bot + "/photos/file_7.jpg"))
                        .size());

        // The CRM answers in its chat: the customer's next message goes back into that chat.
        String answer = "answer-" + company.companyId();
        send(message(answer, chat, "text", "Which size?", List.of()));
        awaitStatus(answer, "sent");
        assertEquals(200, postUpdate(secret, update(message(chat).add("text", "42").build())).status());
        FakeCrm.Callback next = crm.awaitCallback(
                        company, c -> c.isIncoming() && "42".equals(c.text()), WAIT)
                .orElseThrow(() -> new AssertionError("the answer was not forwarded"));
        assertEquals("chat-" + chat, next.chat().getString("id"), "into the chat the CRM wrote from");
    }

    /**
     * An update delivered twice (a document) is forwarded once; the next one (a voice message) follows it. Both files
     * are served by the plugin with their names and types.
     */
    @Test
    void aReplayedUpdateIsForwardedOnce() {
        String bot = saveBot();
        String secret = awaitWebhook(bot).field("secret_token");
        String chat = newChat();
        byte[] invoice = bytes(8_000, 6);
        byte[] voice = bytes(3_000, 7);
        telegram.file("doc-" + company.companyId(), "documents/file_1.pdf", invoice);
        telegram.file("voice-" + company.companyId(), "voice/file_2.oga", voice);
        JsonObject document = update(message(chat)
                .add(
                        "document",
                        Json.createObjectBuilder()
                                .add("file_id", "doc-" + company.companyId())
                                .add("file_unique_id", "d")
                                .add("file_name", "invoice.pdf")
                                .add("mime_type", "application/pdf"))
                .build());
        assertEquals(200, postUpdate(secret, document).status());
        assertEquals(200, postUpdate(secret, document).status(), "Telegram sending it again is answered as well");
        // Both deliveries were fetched; the first reached the CRM. The voice message comes after them, so a second
        // forward of the document would have come before it is in.
        assertTrue(PluginClient.eventually(
                WAIT, () -> telegram.calls(bot, "getFile").size() >= 2));
        crm.awaitCallback(company, FakeCrm.Callback::isIncoming, WAIT)
                .orElseThrow(() -> new AssertionError("the document was not forwarded"));
        JsonObject voiceUpdate = update(message(chat)
                .add(
                        "voice",
                        Json.createObjectBuilder()
                                .add("file_id", "voice-" + company.companyId())
                                .add("file_unique_id", "v")
                                .add("duration", 2)
                                .add("mime_type", "audio/ogg"))
                .build());
        assertEquals(200, postUpdate(secret, voiceUpdate).status());

        assertTrue(PluginClient.eventually(WAIT, () -> crm.incoming(company).size() >= 2));
        List<FakeCrm.Callback> incoming = crm.incoming(company);
        assertEquals(2, incoming.size(), "the document once, then the voice message");
        JsonObject first = incoming.get(0).message().getJsonArray("attachments").getJsonObject(0);
        assertEquals("invoice.pdf", first.getString("name"));
        assertEquals("file", first.getString("type"));
        assertArrayEquals(
                invoice, plugin.download(URI.create(first.getString("uri"))).body());
        JsonObject second =
                incoming.get(1).message().getJsonArray("attachments").getJsonObject(0);
        assertEquals("voice.ogg", second.getString("name"));
        assertEquals("voice", second.getString("type"));
        assertArrayEquals(
                voice, plugin.download(URI.create(second.getString("uri"))).body());
    }

    /**
     * An update without the company's secret (a wrong one, none, another company's) is refused with 403 and nothing is
     * forwarded; a webhook of a company that is not registered, or has no bot, is 404. The real update after them is
     * the only one the CRM gets.
     */
    @Test
    void aForgedOrMissingSecretIsRefusedAndNothingIsForwarded(@Kit(registeredWith = "hpt") Company withoutBot) {
        String bot = saveBot();
        String secret = awaitWebhook(bot).field("secret_token");
        String chat = newChat();
        JsonObject forged = update(message(chat).add("text", "forged").build());
        assertEquals(403, postUpdate(secret.substring(1) + "x", forged).status(), "a wrong secret");
        assertEquals(403, postUpdate(null, forged).status(), "no secret");
        String otherCompanys = WebhookSecret.of(
                bot,
                new com.salesrender.plugin.chat.api.PluginReference(
                        "other-" + company.companyId(), company.alias(), company.pluginId()));
        assertEquals(403, postUpdate(otherCompanys, forged).status(), "another company's secret for the same bot");
        assertEquals(
                404,
                plugin.exchange("POST", "telegram/nobody/chat-plugin/7", headers(secret), forged.toString())
                        .status(),
                "not registered");
        assertEquals(
                404,
                plugin.exchange(
                                "POST",
                                "telegram/" + withoutBot.companyId() + "/chat-plugin/7",
                                headers(secret),
                                forged.toString())
                        .status(),
                "registered, but no bot saved");

        JsonObject real = update(message(chat).add("text", "real").build());
        assertEquals(200, postUpdate(secret, real).status());
        crm.awaitCallback(company, FakeCrm.Callback::isIncoming, WAIT)
                .orElseThrow(() -> new AssertionError("the real update was not forwarded"));
        assertEquals(
                List.of("real"),
                crm.incoming(company).stream().map(FakeCrm.Callback::text).toList());
    }

    /**
     * A token Telegram does not know is refused at save (getMe 401) with the error on the token field, and nothing is
     * saved; a malformed one without asking. The company's first bot gets its webhook; a new token gets it again, with
     * the new token's secret: updates with the old secret are refused from then on.
     */
    @Test
    void aBadTokenIsRefusedAtSaveAndANewTokenSetsTheWebhookAgain() {
        String unknown = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
        PluginClient.Answer refused = plugin.saveSettings(crm, company, botSettings(unknown));
        assertEquals(400, refused.status(), refused.body());
        assertEquals(
                "Telegram does not know this bot token",
                refused.object().getJsonObject("bot").getJsonArray("token").getString(0));
        assertEquals("[]", plugin.settings(crm, company).body().strip(), "nothing was saved");
        PluginClient.Answer malformed = plugin.saveSettings(crm, company, botSettings("not a token"));
        assertEquals(400, malformed.status(), malformed.body());
        assertTrue(telegram.callsOf("not a token").isEmpty());

        String first = saveBot();
        GatewayServer.Request firstHook = awaitWebhook(first);
        String url =
                FakeCrm.SELF_URI + "telegram/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId();
        assertEquals(url, firstHook.field("url"));
        assertEquals("[\"message\"]", firstHook.field("allowed_updates"));
        String second = telegram.newBot();
        assertEquals(200, plugin.saveSettings(crm, company, botSettings(second)).status());
        GatewayServer.Request secondHook = awaitWebhook(second);
        assertEquals(url, secondHook.field("url"));
        assertNotEquals(firstHook.field("secret_token"), secondHook.field("secret_token"), "a new token, a new secret");
        assertEquals(
                Boolean.TRUE,
                plugin.settings(crm, company).object().getJsonObject("bot").getBoolean("token"));

        String chat = newChat();
        assertEquals(
                403,
                postUpdate(
                                firstHook.field("secret_token"),
                                update(message(chat).add("text", "old").build()))
                        .status());
        assertEquals(
                200,
                postUpdate(
                                secondHook.field("secret_token"),
                                update(message(chat).add("text", "new").build()))
                        .status());
        crm.awaitCallback(company, FakeCrm.Callback::isIncoming, WAIT)
                .orElseThrow(() -> new AssertionError("the update was not forwarded"));
        assertEquals(
                List.of("new"),
                crm.incoming(company).stream().map(FakeCrm.Callback::text).toList());
    }

    /** A new bot saved as the company's: 200, and its webhook set. */
    private String saveBot() {
        String token = telegram.newBot();
        PluginClient.Answer saved = plugin.saveSettings(crm, company, botSettings(token));
        assertEquals(200, saved.status(), saved.body());
        return token;
    }

    private static JsonObject botSettings(String token) {
        return Json.createObjectBuilder()
                .add("bot", Json.createObjectBuilder().add("token", token))
                .build();
    }

    private static GatewayServer.Request awaitWebhook(String bot) {
        return telegram.server()
                .await(r -> r.path().equals("/bot" + bot + "/setWebhook"), WAIT)
                .orElseThrow(() -> new AssertionError("the webhook was not set"));
    }

    private RawHttp.Reply postUpdate(String secret, JsonObject update) {
        return plugin.exchange(
                "POST",
                "telegram/" + company.companyId() + "/" + company.alias() + "/" + company.pluginId(),
                headers(secret),
                update.toString());
    }

    private static Map<String, String> headers(String secret) {
        Map<String, String> headers = new HashMap<>();
        if (secret != null) {
            headers.put(WebhookSecret.HEADER, secret);
        }
        return headers;
    }

    private static JsonObject update(JsonObject message) {
        return Json.createObjectBuilder()
                .add("update_id", UPDATES.incrementAndGet())
                .add("message", message)
                .build();
    }

    /** A message of a private chat from Ann, to add its content to. */
    private static JsonObjectBuilder message(String chat) {
        return Json.createObjectBuilder()
                .add("message_id", 1)
                .add("date", 1_700_000_000)
                .add(
                        "from",
                        Json.createObjectBuilder()
                                .add("id", Long.parseLong(chat))
                                .add("is_bot", false)
                                .add("first_name", "Ann")
                                .add("last_name", "Lee")
                                .add("username", "ann"))
                .add(
                        "chat",
                        Json.createObjectBuilder()
                                .add("id", Long.parseLong(chat))
                                .add("first_name", "Ann")
                                .add("type", "private"));
    }

    private static JsonObject size(String fileId, int side) {
        return Json.createObjectBuilder()
                .add("file_id", fileId)
                .add("file_unique_id", "u" + fileId)
                .add("width", side)
                .add("height", side)
                .build();
    }

    private static String newChat() {
        return String.valueOf(CHATS.incrementAndGet());
    }

    private String upload(String kind, String name, byte[] content) {
        PluginClient.Answer upload = plugin.upload(crm, company, kind, name, content);
        assertEquals(200, upload.status(), upload.body());
        return upload.object().getString("uri");
    }

    private void send(JsonObject payload) {
        PluginClient.Answer answer = plugin.send(crm, company, payload);
        assertEquals(202, answer.status(), answer.body());
    }

    private JsonObject message(String id, String chat, String format, String text, List<JsonObject> attachments) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        attachments.forEach(list::add);
        return Json.createObjectBuilder()
                .add(
                        "chat",
                        Json.createObjectBuilder()
                                .add("id", "chat-" + chat)
                                .add("contact", chat)
                                .addNull("subject"))
                .add(
                        "message",
                        Json.createObjectBuilder()
                                .add("id", id)
                                .add(
                                        "content",
                                        Json.createObjectBuilder()
                                                .add("text", text)
                                                .add("format", format))
                                .add("attachments", list))
                .build();
    }

    private static JsonObject attachment(String name, String uri, String type) {
        return Json.createObjectBuilder()
                .add("name", name)
                .add("uri", uri)
                .add("type", type)
                .build();
    }

    private void awaitStatus(String messageId, String status) {
        assertTrue(
                crm.awaitCallback(company, c -> c.isStatus() && c.messageId().equals(messageId), WAIT)
                        .isPresent(),
                "a status for " + messageId);
        List<String> statuses = crm.statuses(company).stream()
                .filter(c -> c.messageId().equals(messageId))
                .map(FakeCrm.Callback::status)
                .toList();
        assertEquals(List.of(status), statuses, messageId);
    }

    private static GatewayServer.Request only(List<GatewayServer.Request> requests) {
        assertEquals(
                1,
                requests.size(),
                () -> "one call: "
                        + requests.stream().map(GatewayServer.Request::path).toList());
        return requests.get(0);
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
