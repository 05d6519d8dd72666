package com.example.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.api.MessageContent;
import com.salesrender.plugin.chat.api.MessageFormat;
import com.salesrender.plugin.chat.api.SettingsForm;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The plugin's parts that need no server: the settings form, mails written and read, the quoted history cut. */
class MailTest {

    private final SettingsForm form = new MailSettings().form();

    @Test
    void aCompanyThatSavedNothingSendsWithStartTlsOnPort587AndReadsNoMailbox() {
        JsonObject values = form.withDefaults(JsonObject.EMPTY_JSON_OBJECT);
        MailSettings.Smtp smtp = MailSettings.smtp(values);
        assertEquals(587, smtp.port());
        assertEquals(MailSettings.Security.STARTTLS, smtp.security());
        assertEquals("Your message", smtp.subject());
        assertTrue(MailSettings.imap(values).isEmpty(), "no IMAP server: replies are not read");
    }

    @Test
    void theImapLoginDefaultsToTheSmtpOneAndAnUnknownEncryptionIsRefused() {
        JsonObject submitted = Json.createObjectBuilder()
                .add("smtp", Json.createObjectBuilder()
                        .add("host", "smtp.shop.test").add("user", "shop").add("password", "pw").add("from", "a@shop.test"))
                .add("imap", Json.createObjectBuilder().add("host", "imap.shop.test").add("port", "143")
                        .add("security", Json.createArrayBuilder().add("starttls")))
                .build();
        SettingsForm.Validation validation = form.validate(submitted, JsonObject.EMPTY_JSON_OBJECT);
        assertTrue(validation.valid(), () -> validation.errors().toString());
        MailSettings.Imap imap = MailSettings.imap(form.withDefaults(validation.data())).orElseThrow();
        assertEquals("shop", imap.user());
        assertEquals("pw", imap.password());
        assertEquals(143, imap.port());
        assertEquals(MailSettings.Security.STARTTLS, imap.security());
        assertEquals("INBOX", imap.folder());

        JsonObject unknown = Json.createObjectBuilder(submitted)
                .add("smtp", Json.createObjectBuilder(submitted.getJsonObject("smtp"))
                        .add("security", Json.createArrayBuilder().add("ssl3")))
                .build();
        assertFalse(form.validate(unknown, JsonObject.EMPTY_JSON_OBJECT).valid());
    }

    @Test
    void aMarkdownMessageIsHtmlWithItsMarkdownAsThePlainAlternativeAndKeepsItsMessageId() throws Exception {
        MimeMessage mail = OutgoingMail.compose(new OutgoingMail.Draft(
                "<sr.0123456789abcdef0123456789abcdef@plugin.test>",
                null,
                new InternetAddress("shop@shop.test"),
                new InternetAddress("ann@customer.test"),
                "Hi",
                new MessageContent("Hello **Ann** <script>x</script>", MessageFormat.MARKDOWN),
                List.of()));
        // Written and read back, as it travels.
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        mail.writeTo(wire);
        MimeMessage read = new MimeMessage(
                Session.getInstance(new Properties()), new ByteArrayInputStream(wire.toByteArray()));
        assertEquals("<sr.0123456789abcdef0123456789abcdef@plugin.test>", read.getMessageID());
        MimeMultipart alternative = (MimeMultipart) read.getContent();
        assertTrue(alternative.getContentType().startsWith("multipart/alternative"));
        assertEquals("Hello **Ann** <script>x</script>", ((String) alternative.getBodyPart(0).getContent()).strip());
        String html = (String) alternative.getBodyPart(1).getContent();
        assertTrue(html.contains("Hello <strong>Ann</strong> &lt;script&gt;x&lt;/script&gt;"), html);
    }

    @Test
    void theQuotedHistoryOfAReplyIsCutOff() {
        assertEquals("Size 42.", IncomingMail.withoutQuotes("Size 42.\n\nOn Tue, 1 Dec 2026, Shop <s@shop.test> wrote:\n> Which size?"));
        assertEquals("Size 42.", IncomingMail.withoutQuotes("Size 42.\r\n\r\nOn Tue, 1 Dec 2026 at 10:00, The Shop\r\n<s@shop.test> wrote:\r\n> Which?"));
        assertEquals("Yes", IncomingMail.withoutQuotes("Yes\n\n-----Original Message-----\nFrom: Shop\nWhich?"));
        assertEquals("Yes\n\nAnn", IncomingMail.withoutQuotes("Yes\n\nAnn\n\n> Which?\n> Size?\n"));
        assertEquals("> only a quote", IncomingMail.withoutQuotes("> only a quote"), "nothing above: all of it");
    }

    @Test
    void repliesNameThePluginsMailsByTheirToken() {
        String id = "<sr.0123456789abcdef0123456789abcdef@plugin.test>";
        String older = "<sr.fedcba9876543210fedcba9876543210@plugin.test>";
        assertEquals(
                List.of("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"),
                MailThreads.tokensIn(id, older + " <other@elsewhere.test> " + id));
        assertEquals(List.of(), MailThreads.tokensIn(null, "<sr.short@plugin.test> <x@y>"));
    }

    @Test
    void theTextOfAnHtmlMailKeepsItsLinesAndLinks() {
        assertEquals(
                "Hello\nSee docs (https://shop.test/docs)\n- one\n- two",
                HtmlText.of("<p>Hello</p><p>See <a href='https://shop.test/docs'>docs</a></p><ul><li>one<li>two</ul>"
                        + "<script>alert(1)</script>"));
    }
}
