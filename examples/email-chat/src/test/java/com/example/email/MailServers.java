package com.example.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.search.HeaderTerm;
import jakarta.mail.util.ByteArrayDataSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The mail world of the tests, in the test JVM: GreenMail, a real SMTP and IMAP server (plain text, on free ports of
 * 127.0.0.1), holding the companies' mailboxes and the customers'. The plugin reaches it as any mail server; the test
 * reads what arrived, writes customers' replies and looks at the mailboxes as their owners would.
 */
final class MailServers implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    final GreenMail greenMail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    MailServers() {
        greenMail.start();
    }

    int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    int imapPort() {
        return greenMail.getImap().getPort();
    }

    /** A mailbox whose login is its address. */
    void account(String address, String password) {
        greenMail.setUser(address, address, password);
    }

    /**
     * A company's settings: its SMTP account on GreenMail (no encryption: it is a test server), and its IMAP mailbox
     * read every second when {@code imap} is true.
     */
    JsonObject settings(String address, String password, boolean imap) {
        JsonObjectBuilder incoming = Json.createObjectBuilder();
        if (imap) {
            incoming.add("host", HOST)
                    .add("port", imapPort())
                    .add("security", Json.createArrayBuilder().add("none"))
                    .add("folder", "INBOX")
                    .add("interval", 1)
                    .add("newChats", false);
        }
        return Json.createObjectBuilder()
                .add(
                        "smtp",
                        Json.createObjectBuilder()
                                .add("host", HOST)
                                .add("port", smtpPort())
                                .add("security", Json.createArrayBuilder().add("none"))
                                .add("user", address)
                                .add("password", password)
                                .add("from", address)
                                .add("name", "The Shop")
                                .add("subject", "A message from The Shop"))
                .add("imap", incoming)
                .build();
    }

    /** Waits for the first mail to {@code to}; empty when none came in time. */
    Optional<MimeMessage> awaitMail(String to, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (MimeMessage mail : greenMail.getReceivedMessages()) {
                if (Arrays.stream(mail.getAllRecipients()).anyMatch(a -> a.toString().contains(to))) {
                    return Optional.of(mail);
                }
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    /** The customer answers {@code original} (In-Reply-To and References name it), with an attachment when given. */
    MimeMessage reply(MimeMessage original, String from, String text, String fileName, byte[] file)
            throws MessagingException {
        Session session = greenMail.getSmtp().createSession();
        MimeMessage reply = new MimeMessage(session);
        reply.setFrom(new InternetAddress(from));
        reply.setRecipients(Message.RecipientType.TO, original.getFrom());
        reply.setSubject("Re: " + original.getSubject());
        reply.setHeader("In-Reply-To", original.getMessageID());
        reply.setHeader("References", original.getMessageID());
        if (file == null) {
            reply.setText(text, "UTF-8");
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            body.setText(text, "UTF-8");
            mixed.addBodyPart(body);
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(file, "image/jpeg")));
            attachment.setFileName(fileName);
            attachment.setDisposition(MimeBodyPart.ATTACHMENT);
            mixed.addBodyPart(attachment);
            reply.setContent(mixed);
        }
        reply.saveChanges();
        Transport.send(reply);
        return reply;
    }

    /** Whether the mail with this Message-ID is marked read in the mailbox (as its owner's mail program sees it). */
    boolean isRead(String address, String password, String messageId) throws MessagingException {
        return withMail(address, password, messageId, false, mail -> mail.isSet(Flags.Flag.SEEN));
    }

    /** Marks the mail unread again, as its owner could (or as if the plugin had died before marking it read). */
    void markUnread(String address, String password, String messageId) throws MessagingException {
        withMail(address, password, messageId, true, mail -> {
            mail.setFlag(Flags.Flag.SEEN, false);
            return true;
        });
    }

    private interface MailUse {
        boolean apply(Message mail) throws MessagingException;
    }

    private boolean withMail(String address, String password, String messageId, boolean write, MailUse use)
            throws MessagingException {
        try (Store store = greenMail.getImap().createStore()) {
            store.connect(address, password);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(write ? Folder.READ_WRITE : Folder.READ_ONLY);
            try {
                Message[] found = inbox.search(new HeaderTerm("Message-ID", messageId));
                if (found.length != 1) {
                    throw new IllegalStateException(found.length + " mails with the Message-ID " + messageId);
                }
                return use.apply(found[0]);
            } finally {
                inbox.close(false);
            }
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
