package com.example.email;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.testkit.Company;
import com.salesrender.plugin.chat.testkit.FakeCrm;
import com.salesrender.plugin.chat.testkit.Kit;
import com.salesrender.plugin.chat.testkit.PluginClient;
import com.salesrender.plugin.chat.testkit.PluginTest;
import com.salesrender.plugin.chat.testkit.PluginWar;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plugin as built, on one Payara Micro with its broker and database (started once for these tests), against real
 * mail servers in the test JVM (GreenMail for SMTP and IMAP; a server of the test's own that answers 550), with the
 * test kit's fake CRM: what operators write arrives as mail, customers' replies come back to their chats, and the
 * settings and the SMTP server's refusals are answered as the CRM needs.
 */
@PluginTest
@RunAsClient
class EmailChatIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PASSWORD = "shop-secret";
    private static final String CUSTOMER = "ann@customer.test";

    private static MailServers mail;
    private static HttpServer files;
    private static final byte[] PHOTO = bytes(3000, 1);

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

    /** The company's own address and mailbox on GreenMail. */
    private String shop;

    @BeforeAll
    static void startMailAndFiles() throws Exception {
        mail = new MailServers();
        // A web server with a file an operator's message links to (an attachment not uploaded to the plugin).
        files = HttpServer.create(new InetSocketAddress(MailServers.HOST, 0), 0);
        files.createContext("/photo.png", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, PHOTO.length);
            exchange.getResponseBody().write(PHOTO);
            exchange.close();
        });
        files.start();
    }

    @AfterAll
    static void stopMailAndFiles() {
        files.stop(0);
        mail.close();
    }

    @BeforeEach
    void mailbox() {
        shop = "shop-" + company.companyId() + "@shop.test";
        mail.account(shop, PASSWORD);
    }

    /**
     * (a) Three messages of one chat: text, markdown with an attachment the CRM uploaded to the plugin and one from
     * another web server, and HTML. Each arrives as a mail from the company's address with the right body, and the CRM
     * hears {@code sent} for each.
     */
    @Test
    void messagesArriveAsMailWithTheirAttachmentsAndTheCrmHearsSent() throws Exception {
        assertEquals(200, plugin.saveSettings(crm, company, mail.settings(shop, PASSWORD, false)).status());
        byte[] priceList = bytes(20_000, 2);
        PluginClient.Answer upload = plugin.upload(crm, company, null, "price-list.pdf", priceList);
        assertEquals(200, upload.status(), upload.body());
        String uploaded = upload.object().getString("uri");
        String photo = "http://" + MailServers.HOST + ":" + files.getAddress().getPort() + "/photo.png";

        String customer = "bob-" + company.companyId() + "@customer.test";
        send(message("m-text", customer, null, "text", "Hello Bob,\nyour order has shipped.", List.of()));
        MimeMessage text = mail.awaitMail(customer, WAIT).orElseThrow(() -> new AssertionError("no mail"));
        assertEquals("A message from The Shop", text.getSubject(), "a chat without a subject: the setting's");
        InternetAddress from = (InternetAddress) text.getFrom()[0];
        assertEquals(shop, from.getAddress());
        assertEquals("The Shop", from.getPersonal());
        assertTrue(text.isMimeType("text/plain"), text.getContentType());
        assertEquals("Hello Bob,\nyour order has shipped.", lines((String) text.getContent()));
        assertTrue(
                text.getMessageID().matches("<sr\\.[0-9a-f]{32}@plugin\\.test>"),
                "a Message-ID of this plugin: " + text.getMessageID());
        awaitStatus("m-text", "sent");

        send(message(
                "m-markdown",
                customer,
                "Your order",
                "markdown",
                "Hello **Bob**, the [price list](https://shop.test/prices) and a photo.",
                List.of(attachment("price-list.pdf", uploaded, "file"), attachment("photo.png", photo, "image"))));
        MimeMessage markdown = awaitSecond(customer, text);
        assertEquals("Your order", markdown.getSubject());
        assertEquals(
                text.getMessageID(),
                markdown.getHeader("In-Reply-To", null),
                "the chat's mails are one thread in the customer's mail program");
        MimeMultipart mixed = (MimeMultipart) markdown.getContent();
        assertEquals(3, mixed.getCount(), "the body and two attachments");
        MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
        assertEquals(
                "Hello **Bob**, the [price list](https://shop.test/prices) and a photo.",
                lines((String) alternative.getBodyPart(0).getContent()),
                "the plain alternative is the markdown");
        String html = (String) alternative.getBodyPart(1).getContent();
        assertTrue(alternative.getBodyPart(1).isMimeType("text/html"));
        assertTrue(
                html.contains("Hello <strong>Bob</strong>, the <a rel=\"nofollow\" href=\"https://shop.test/prices\">price list</a>"),
                html);
        assertAttachment(mixed.getBodyPart(1), "price-list.pdf", priceList);
        assertAttachment(mixed.getBodyPart(2), "photo.png", PHOTO);
        assertTrue(mixed.getBodyPart(2).isMimeType("image/png"));
        awaitStatus("m-markdown", "sent");

        send(message(
                "m-html",
                customer,
                "Your order",
                "html",
                "<p>Thanks, <b>Bob</b>!</p><p>See <a href=\"https://shop.test/track\">tracking</a></p>",
                List.of()));
        MimeMessage htmlMail = awaitNth(customer, 3);
        MimeMultipart htmlAlternative = (MimeMultipart) htmlMail.getContent();
        assertEquals(
                "Thanks, Bob!\nSee tracking (https://shop.test/track)",
                lines((String) htmlAlternative.getBodyPart(0).getContent()));
        assertTrue(((String) htmlAlternative.getBodyPart(1).getContent()).contains("<b>Bob</b>"));
        awaitStatus("m-html", "sent");
    }

    /**
     * (b) A customer's reply (In-Reply-To the mail of a chat) reaches the CRM as an incoming message of that chat, its
     * quoted history cut off and its attachment served by the plugin; the mail is marked read. Marked unread again (as
     * after a crash between the forward and the mark), it is read again and not forwarded twice.
     */
    @Test
    void aReplyReachesItsChatOnceWithItsAttachment() throws Exception {
        assertEquals(200, plugin.saveSettings(crm, company, mail.settings(shop, PASSWORD, true)).status());
        String customer = "carl-" + company.companyId() + "@customer.test";
        send(message("m-ask", customer, "Boots", "text", "Which size do you need?", List.of()));
        MimeMessage asked = mail.awaitMail(customer, WAIT).orElseThrow(() -> new AssertionError("no mail"));

        byte[] foot = bytes(5000, 3);
        MimeMessage reply = mail.reply(
                asked,
                customer,
                "Size 42, please.\n\nOn Tue, 1 Dec 2026 at 10:00, The Shop <" + shop + "> wrote:\n"
                        + "> Which size do you need?\n",
                "foot.jpg",
                foot);
        FakeCrm.Callback incoming = crm.awaitCallback(company, FakeCrm.Callback::isIncoming, WAIT)
                .orElseThrow(() -> new AssertionError("the reply was not forwarded"));
        assertEquals("chat-" + company.companyId(), incoming.chat().getString("id"), "the chat of the mail answered");
        assertEquals(customer, incoming.chat().getString("contact"));
        assertEquals("Re: Boots", incoming.chat().getString("subject"));
        assertEquals("Size 42, please.", incoming.text(), "the quoted history is cut off");
        assertEquals(JsonValue.NULL, incoming.message().getOrDefault("id", JsonValue.NULL));
        JsonObject attachment = incoming.message().getJsonArray("attachments").getJsonObject(0);
        assertEquals("foot.jpg", attachment.getString("name"));
        assertEquals("image", attachment.getString("type"));
        PluginClient.Download served = plugin.download(URI.create(attachment.getString("uri")));
        assertEquals(200, served.status());
        assertArrayEquals(foot, served.body(), "the attachment's URL serves its bytes");
        assertTrue(eventuallyRead(reply.getMessageID()), "the forwarded mail is marked read");

        mail.markUnread(shop, PASSWORD, reply.getMessageID());
        assertTrue(eventuallyRead(reply.getMessageID()), "the plugin read it again");
        // One more reply: once it is in, anything the second read had forwarded would be in before it.
        mail.reply(asked, customer, "And in black.", null, null);
        assertTrue(PluginClient.eventually(WAIT, () -> crm.incoming(company).size() >= 2));
        List<String> texts =
                crm.incoming(company).stream().map(FakeCrm.Callback::text).toList();
        assertEquals(List.of("Size 42, please.", "And in black."), texts, "each reply reached the CRM once");
    }

    /** (c) A wrong SMTP password is refused when the company saves: 400 with the error on that field, nothing saved. */
    @Test
    void aWrongSmtpPasswordIsRefusedAtSaveAndNothingIsSaved() {
        PluginClient.Answer refused = plugin.saveSettings(crm, company, mail.settings(shop, "not-the-password", false));
        assertEquals(400, refused.status(), refused.body());
        JsonObject errors = refused.object();
        assertEquals(
                List.of("smtp"), List.copyOf(errors.keySet()), "only the SMTP group is wrong: " + refused.body());
        assertEquals(
                "The SMTP server refused the login",
                errors.getJsonObject("smtp").getJsonArray("password").getString(0));
        assertEquals("[]", plugin.settings(crm, company).body().strip(), "nothing was saved");

        assertEquals(200, plugin.saveSettings(crm, company, mail.settings(shop, PASSWORD, false)).status());
        JsonObject wrongImap = Json.createObjectBuilder(mail.settings(shop, PASSWORD, true))
                .add(
                        "imap",
                        Json.createObjectBuilder(
                                        mail.settings(shop, PASSWORD, true).getJsonObject("imap"))
                                .add("password", "not-the-password"))
                .build();
        PluginClient.Answer imapRefused = plugin.saveSettings(crm, company, wrongImap);
        assertEquals(400, imapRefused.status(), imapRefused.body());
        assertEquals(
                "The IMAP server refused the login",
                imapRefused.object().getJsonObject("imap").getJsonArray("password").getString(0));
        JsonObject saved = plugin.settings(crm, company).object();
        assertEquals("", saved.getJsonObject("imap").getString("host", ""), "the first save stands");
    }

    /**
     * (d) The SMTP server answers 550 for the customer's address: the CRM hears {@code error} after that one attempt
     * (no retry of a message the server will never take).
     */
    @Test
    void aMailboxTheServerDoesNotKnowIsAnErrorAtOnce() throws Exception {
        try (RefusingSmtpServer refusing = new RefusingSmtpServer()) {
            JsonObject settings = Json.createObjectBuilder()
                    .add(
                            "smtp",
                            Json.createObjectBuilder()
                                    .add("host", MailServers.HOST)
                                    .add("port", refusing.port())
                                    .add("security", Json.createArrayBuilder().add("none"))
                                    .add("from", shop))
                    .build();
            assertEquals(200, plugin.saveSettings(crm, company, settings).status());
            send(message("m-550", "nobody@customer.test", null, "text", "Hello?", List.of()));
            awaitStatus("m-550", "error");
            assertEquals(1, refusing.refused(), "one attempt: a 550 is not tried again");
        }
    }

    private void send(JsonObject payload) {
        PluginClient.Answer answer = plugin.send(crm, company, payload);
        assertEquals(202, answer.status(), answer.body());
    }

    private JsonObject message(
            String id, String contact, String subject, String format, String text, List<JsonObject> attachments) {
        JsonObjectBuilder chat = Json.createObjectBuilder()
                .add("id", "chat-" + company.companyId())
                .add("contact", contact);
        chat.add("subject", subject == null ? JsonValue.NULL : Json.createValue(subject));
        JsonArrayBuilder list = Json.createArrayBuilder();
        attachments.forEach(list::add);
        return Json.createObjectBuilder()
                .add("chat", chat)
                .add(
                        "message",
                        Json.createObjectBuilder()
                                .add("id", id)
                                .add("content", Json.createObjectBuilder().add("text", text).add("format", format))
                                .add("attachments", list))
                .build();
    }

    private static JsonObject attachment(String name, String uri, String type) {
        return Json.createObjectBuilder().add("name", name).add("uri", uri).add("type", type).build();
    }

    private void awaitStatus(String messageId, String status) {
        assertTrue(
                crm.awaitCallback(
                                company,
                                c -> c.isStatus() && c.messageId().equals(messageId),
                                WAIT)
                        .isPresent(),
                "a status for " + messageId);
        List<String> statuses = crm.statuses(company).stream()
                .filter(c -> c.messageId().equals(messageId))
                .map(FakeCrm.Callback::status)
                .toList();
        assertEquals(List.of(status), statuses, messageId);
    }

    private MimeMessage awaitSecond(String customer, MimeMessage first) throws Exception {
        MimeMessage second = awaitNth(customer, 2);
        assertFalse(second.getMessageID().equals(first.getMessageID()), "each message has a Message-ID of its own");
        return second;
    }

    /** The n-th mail to {@code customer}, in the order the server took them. */
    private static MimeMessage awaitNth(String customer, int n) throws Exception {
        assertTrue(PluginClient.eventually(WAIT, () -> to(customer).size() >= n), n + " mails to " + customer);
        return to(customer).get(n - 1);
    }

    private static List<MimeMessage> to(String customer) {
        return Arrays.stream(mail.greenMail.getReceivedMessages())
                .filter(m -> {
                    try {
                        return m.getAllRecipients()[0].toString().contains(customer);
                    } catch (Exception e) {
                        return false;
                    }
                })
                .toList();
    }

    private boolean eventuallyRead(String messageId) {
        return PluginClient.eventually(WAIT, () -> {
            try {
                return mail.isRead(shop, PASSWORD, messageId);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void assertAttachment(BodyPart part, String name, byte[] bytes) throws Exception {
        assertEquals(name, part.getFileName());
        try (InputStream in = part.getInputStream()) {
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            in.transferTo(read);
            assertArrayEquals(bytes, read.toByteArray(), name);
        }
    }

    /** Text as written, whatever line ends the mail's transfer gave it. */
    private static String lines(String text) {
        return text.replace("\r\n", "\n").strip();
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
