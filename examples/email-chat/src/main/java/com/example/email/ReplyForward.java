package com.example.email;

import com.salesrender.plugin.chat.api.Attachment;
import com.salesrender.plugin.chat.api.AttachmentType;
import com.salesrender.plugin.chat.api.Chat;
import com.salesrender.plugin.chat.api.IncomingChats;
import com.salesrender.plugin.chat.api.Message;
import com.salesrender.plugin.chat.api.MessageContent;
import com.salesrender.plugin.chat.api.MessageFormat;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.Uploads;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Forwards a customer's mail to the CRM chat it answers, once: its attachments stored as this plugin's uploads (served
 * to the CRM from their URLs) and the message forwarded under the mail's id, in one transaction. A mail forwarded before
 * (the mailbox read again after a crash, two instances overlapping for a moment) is not forwarded again, and the
 * transaction is rolled back so its attachments are not stored twice either.
 */
@ApplicationScoped
public class ReplyForward {

    @Inject
    Uploads uploads;

    @Inject
    IncomingChats incoming;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transaction;

    /**
     * @param chatId the CRM chat it answers; null for a new chat
     * @return whether it was forwarded now (false: it had been before)
     */
    @Transactional
    public boolean forward(PluginReference reference, String gatewayId, String chatId, IncomingMail mail) {
        List<Attachment> attachments = new ArrayList<>();
        for (AttachmentFiles.File file : mail.files()) {
            URI uri = uploads.store(reference, file.name(), file.contentType(), new ByteArrayInputStream(file.bytes()));
            attachments.add(new Attachment(file.name(), uri, typeOf(file.contentType())));
        }
        Chat chat = new Chat(
                chatId, mail.from(), mail.subject(), new Message(null, content(mail, attachments), attachments));
        boolean forwarded = incoming.forward(reference, gatewayId, chat);
        if (!forwarded) {
            transaction.setRollbackOnly();
        }
        return forwarded;
    }

    /** The mail's text, with a line for each attachment left out; none for a mail of attachments only. */
    private static MessageContent content(IncomingMail mail, List<Attachment> attachments) {
        StringBuilder text = new StringBuilder(mail.text());
        for (String dropped : mail.dropped()) {
            text.append(text.isEmpty() ? "" : "\n").append("[attachment not forwarded: ").append(dropped).append(']');
        }
        if (text.toString().isBlank()) {
            if (!attachments.isEmpty()) {
                return null;
            }
            text.append(mail.subject() == null || mail.subject().isBlank() ? "(empty mail)" : mail.subject());
        }
        return new MessageContent(text.toString(), MessageFormat.TEXT);
    }

    private static AttachmentType typeOf(String contentType) {
        if (contentType.startsWith("image/")) {
            return AttachmentType.IMAGE;
        }
        if (contentType.startsWith("audio/")) {
            return AttachmentType.VOICE;
        }
        return AttachmentType.FILE;
    }
}
