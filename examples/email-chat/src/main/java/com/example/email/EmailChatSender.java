package com.example.email;

import com.salesrender.plugin.chat.api.Attachment;
import com.salesrender.plugin.chat.api.Chat;
import com.salesrender.plugin.chat.api.ChatSender;
import com.salesrender.plugin.chat.api.MessageStatus;
import com.salesrender.plugin.chat.api.MessageStatuses;
import com.salesrender.plugin.chat.api.OutgoingChat;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.Settings;
import com.salesrender.plugin.chat.api.Undeliverable;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends each CRM message as a mail through the company's SMTP server, and reports {@code sent} once the server accepted
 * it. What the server answers decides the rest: a permanent refusal (a 5xx reply, such as {@code 550} for an unknown
 * mailbox) ends the message at once ({@link Undeliverable}: the CRM gets {@code error}); a temporary one (a 4xx reply,
 * a refused connection, a timeout, a failed login) is thrown, and the core tries again later.
 */
@ApplicationScoped
@Alternative
@Priority(ChatSender.PRIORITY)
public class EmailChatSender implements ChatSender {

    /** 5xx replies that are about the company's settings, not this message: tried again, the settings may be fixed. */
    private static final Set<Integer> SETTINGS_REPLIES = Set.of(530, 534, 535, 538);

    @Inject
    Settings settings;

    @Inject
    MessageStatuses statuses;

    @Inject
    MailThreads threads;

    @Inject
    AttachmentFiles attachments;

    /** The host part of this plugin's Message-IDs; by default the host of its public address. */
    @Inject
    @ConfigProperty(name = "email.message-id.host")
    Optional<String> messageIdHost;

    @Inject
    @ConfigProperty(name = "plugin.self-uri")
    URI selfUri;

    @Inject
    @ConfigProperty(name = "email.smtp.timeout", defaultValue = "PT30S")
    Duration timeout;

    private String host;

    @PostConstruct
    void host() {
        host = messageIdHost.filter(h -> !h.isBlank()).orElseGet(selfUri::getHost);
    }

    @Override
    public void send(OutgoingChat outgoing) throws Exception {
        PluginReference company = outgoing.reference();
        Chat chat = outgoing.chat();
        MailSettings.Smtp smtp = MailSettings.smtp(settings.of(company));
        if (smtp.host().isBlank() || smtp.from().isBlank()) {
            throw new IllegalStateException("the company has not set its SMTP server yet");
        }
        InternetAddress to;
        try {
            to = new InternetAddress(chat.contact().trim(), true);
        } catch (AddressException e) {
            throw new Undeliverable("not an e-mail address: " + chat.contact(), e);
        }
        // Downloads first: the SMTP connection is not held open while attachments are fetched.
        List<AttachmentFiles.File> files = new ArrayList<>();
        for (Attachment attachment : chat.message().attachments()) {
            files.add(attachments.fetch(attachment));
        }
        String token = threads.token(company, outgoing.messageId(), chat.id());
        Optional<String> previous = threads.lastOfChat(company, chat.id(), outgoing.messageId());
        MimeMessage mail = OutgoingMail.compose(new OutgoingMail.Draft(
                MailThreads.messageId(token, host),
                previous.map(t -> MailThreads.messageId(t, host)).orElse(null),
                OutgoingMail.from(smtp),
                to,
                chat.subject() == null || chat.subject().isBlank() ? smtp.subject() : chat.subject(),
                chat.message().content(),
                files));
        try (Transport transport = MailSessions.smtp(smtp, timeout)) {
            transport.sendMessage(mail, mail.getAllRecipients());
        } catch (AuthenticationFailedException e) {
            throw new IllegalStateException("the SMTP server refused the login: " + e.getMessage(), e);
        } catch (MessagingException e) {
            int reply = replyCode(e);
            if (reply >= 500 && reply < 600 && !SETTINGS_REPLIES.contains(reply)) {
                throw new Undeliverable("the SMTP server refused the mail: " + reply + " " + e.getMessage(), e);
            }
            throw e;
        }
        statuses.report(company, outgoing.messageId(), MessageStatus.SENT);
    }

    /** The SMTP server's reply code in an exception or the ones it chains (0 when the server gave none). */
    static int replyCode(MessagingException failure) {
        Exception e = failure;
        for (int depth = 0; e != null && depth < 10; depth++) {
            int code = 0;
            if (e instanceof SMTPAddressFailedException address) {
                code = address.getReturnCode();
            } else if (e instanceof SMTPSenderFailedException sender) {
                code = sender.getReturnCode();
            } else if (e instanceof SMTPSendFailedException send) {
                code = send.getReturnCode();
            }
            if (code > 0) {
                return code;
            }
            e = e instanceof MessagingException m ? m.getNextException() : null;
        }
        return 0;
    }
}
