package com.example.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.Attachment;
import com.salesrender.plugin.chat.api.AttachmentType;
import com.salesrender.plugin.chat.api.Message;
import com.salesrender.plugin.chat.api.MessageContent;
import com.salesrender.plugin.chat.api.MessageFormat;
import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plugin's pure parts: text for Telegram, the parts of a message, the webhook's secret and URL, updates read. */
class TelegramTest {

    private static final PluginReference COMPANY = new PluginReference("42", "chat-plugin", "7");
    private static final String TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

    @Test
    void plainTextGoesAsItIsWithNoParseMode() {
        TelegramText.Piece piece = TelegramText.of(new MessageContent("a < b & c > d *not bold*", MessageFormat.TEXT));
        assertEquals("a < b & c > d *not bold*", piece.text());
        assertNull(piece.parseMode(), "nothing in plain text is markup");
    }

    @Test
    void markdownBecomesTelegramHtmlWithEverythingElseEscaped() {
        TelegramText.Piece piece = TelegramText.of(new MessageContent(
                "# Your order\n\nHello **Bob** & _Ann_, see [the list](https://shop.test/a?b=1&c=\"2\") or"
                        + " [this](javascript:alert(1)).\nNext line with `x < y` and <b>raw</b>.\n\n- one\n- two",
                MessageFormat.MARKDOWN));
        assertEquals("HTML", piece.parseMode());
        assertEquals(
                "<b>Your order</b>\n\nHello <b>Bob</b> &amp; <i>Ann</i>, see"
                        + " <a href=\"https://shop.test/a?b=1&amp;c=&quot;2&quot;\">the list</a> or this.\nNext line with"
                        + " <code>x &lt; y</code> and &lt;b&gt;raw&lt;/b&gt;.\n\n• one\n• two",
                piece.text());
        assertEquals(
                "Your order\n\nHello Bob & Ann, see the list or this.\nNext line with x < y and <b>raw</b>.\n\n• one\n• two",
                piece.visible());
    }

    @Test
    void htmlKeepsTelegramsTagsAndDropsTheRest() {
        TelegramText.Piece piece = TelegramText.of(new MessageContent(
                "<p>Thanks, <strong>Bob</strong>!</p><div class=\"x\">Track <a href=\"https://shop.test/t\">here</a>"
                        + "<br>or <span style=\"color:red\">call</span> 1 &lt; 2</div><script>alert(1)</script>"
                        + "<pre><code class=\"language-java\">if (a < b) {}</code></pre><ol><li>first</li><li>second</li></ol>",
                MessageFormat.HTML));
        assertEquals(
                "Thanks, <b>Bob</b>!\n\nTrack <a href=\"https://shop.test/t\">here</a>\nor call 1 &lt; 2\n\n"
                        + "<pre><code class=\"language-java\">if (a &lt; b) {}</code></pre>\n\n1. first\n2. second",
                piece.text());
    }

    @Test
    void aLongTextIsCutAtLineEndsIntoMessagesThatFit() {
        String line = "x".repeat(99) + "\n";
        TelegramText.Piece long_ = TelegramText.of(new MessageContent(line.repeat(100), MessageFormat.MARKDOWN));
        List<TelegramText.Piece> pieces = TelegramText.split(long_, 1000);
        assertEquals(10, pieces.size());
        for (TelegramText.Piece piece : pieces) {
            assertTrue(piece.length() <= 1000, piece.length() + " characters");
            assertNull(piece.parseMode(), "a cut text goes without markup: no tag is cut in two");
            assertTrue(piece.text().startsWith("x") && piece.text().endsWith("x"), "cut at line ends");
        }
        TelegramText.Piece fits = TelegramText.of(new MessageContent("**short**", MessageFormat.MARKDOWN));
        assertEquals(List.of(fits), TelegramText.split(fits, 1000));
    }

    @Test
    void theTextIsTheFirstAttachmentsCaptionWhenItFits() {
        Attachment photo = new Attachment("a.png", URI.create("http://x.test/a.png"), AttachmentType.IMAGE);
        Attachment file = new Attachment("b.pdf", URI.create("http://x.test/b.pdf"), AttachmentType.FILE);
        List<OutgoingParts.Part> parts = OutgoingParts.plan(
                new Message("m", new MessageContent("Look", MessageFormat.TEXT), List.of(photo, file)));
        assertEquals(2, parts.size());
        assertEquals("Look", parts.get(0).text().text());
        assertEquals(photo, parts.get(0).attachment());
        assertNull(parts.get(1).text());

        String longText = "y".repeat(TelegramText.MAX_CAPTION + 1);
        List<OutgoingParts.Part> apart =
                OutgoingParts.plan(new Message("m", new MessageContent(longText, MessageFormat.TEXT), List.of(photo)));
        assertEquals(2, apart.size(), "a text too long for a caption goes first, on its own");
        assertNull(apart.get(0).attachment());
        assertEquals(0, apart.get(0).index());
        assertEquals(1, apart.get(1).index());
        assertNull(apart.get(1).text());
    }

    @Test
    void theWebhookSecretIsDerivedFromTheTokenAndTheReference() {
        String secret = WebhookSecret.of(TOKEN, COMPANY);
        assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret);
        assertEquals(secret, WebhookSecret.of(TOKEN, COMPANY), "the same every time: nothing to store");
        assertNotEquals(secret, WebhookSecret.of(TOKEN + "x", COMPANY), "a new token, a new secret");
        assertNotEquals(secret, WebhookSecret.of(TOKEN, new PluginReference("43", "chat-plugin", "7")));
        assertTrue(WebhookSecret.matches(TOKEN, COMPANY, secret));
        assertFalse(WebhookSecret.matches(TOKEN, COMPANY, null));
        assertFalse(WebhookSecret.matches(TOKEN, COMPANY, secret.substring(1)));
        assertEquals(
                URI.create("https://chat.test/telegram/a%2Fb%20c/chat-plugin/7"),
                WebhookSecret.url(URI.create("https://chat.test/"), new PluginReference("a/b c", "chat-plugin", "7")));
    }

    @Test
    void anUpdateGivesTheLargestPhotoTheChatAndTheSender() {
        JsonObject update = json("{\"update_id\": 900, \"message\": {\"message_id\": 5, \"date\": 1,"
                + " \"from\": {\"id\": 111, \"is_bot\": false, \"first_name\": \"Ann\", \"last_name\": \"Lee\","
                + " \"username\": \"ann\"}, \"chat\": {\"id\": -100123, \"type\": \"supergroup\", \"title\": \"Shop\"},"
                + " \"caption\": \"My foot\", \"photo\": [{\"file_id\": \"small\", \"file_unique_id\": \"s\","
                + " \"width\": 90, \"height\": 90}, {\"file_id\": \"big\", \"file_unique_id\": \"b\", \"width\": 1280,"
                + " \"height\": 960}, {\"file_id\": \"mid\", \"file_unique_id\": \"m\", \"width\": 320,"
                + " \"height\": 240}]}}");
        IncomingUpdate read = IncomingUpdate.read(update).orElseThrow();
        assertEquals(900, read.updateId());
        assertEquals("-100123", read.chat());
        assertEquals("Ann Lee (@ann)", read.sender());
        assertEquals("My foot", read.text());
        assertEquals(1, read.files().size());
        assertEquals("big", read.files().get(0).fileId());
        assertEquals(AttachmentType.IMAGE, read.files().get(0).type());
        assertEquals(read, IncomingUpdate.fromJson(read.toJson()), "the job's data gives the same update back");

        IncomingUpdate sticker = IncomingUpdate.read(
                        json(
                                "{\"update_id\": 1, \"message\": {\"message_id\": 1,"
                                        + " \"date\": 1, \"chat\": {\"id\": 5, \"type\": \"private\"}, \"sticker\": {\"file_id\": \"s\"}}}"))
                .orElseThrow();
        assertEquals(List.of("[a sticker the plugin does not forward]"), sticker.notes());
        IncomingUpdate gif = IncomingUpdate.read(json("{\"update_id\": 3, \"message\": {\"message_id\": 1, \"date\": 1,"
                        + " \"chat\": {\"id\": 5, \"type\": \"private\"}, \"animation\": {\"file_id\": \"g\","
                        + " \"file_name\": \"a.mp4\"}, \"document\": {\"file_id\": \"g\", \"file_name\": \"a.mp4\"}}}"))
                .orElseThrow();
        assertEquals(1, gif.files().size(), "a GIF is an animation and a document, one file");
        assertTrue(IncomingUpdate.read(json("{\"update_id\": 2, \"edited_message\": {}}"))
                .isEmpty());
        assertThrows(IllegalArgumentException.class, () -> IncomingUpdate.read(json("{\"message\": {}}")));
    }

    @Test
    void aTokenOfTheWrongFormIsKnownWithoutAsking() {
        assertTrue(BotSettings.looksLikeToken(TOKEN));
        assertFalse(BotSettings.looksLikeToken("123456"));
        assertFalse(BotSettings.looksLikeToken("abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"));
        assertEquals("x <bot token> y", BotApi.redact("x " + TOKEN + " y", TOKEN));
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
