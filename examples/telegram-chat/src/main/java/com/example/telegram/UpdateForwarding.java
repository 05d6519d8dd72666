package com.example.telegram;

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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a customer's files as this plugin's uploads (the CRM fetches them from the plugin's URLs, which hold nothing
 * of Telegram's) and forwards the message under its update's id, in a transaction of its own. An update forwarded
 * before (Telegram sent it again, a job ran twice) is not forwarded again, and the transaction is rolled back so its
 * files are not stored twice either. Its own transaction rather than the job's: rolling the job's back would fail the
 * job.
 *
 * <p>The message: the CRM's chat the CRM last wrote to this Telegram chat in, else no chat id (the CRM finds the chat
 * by its contact, or opens one), the Telegram chat id as the contact
 * (answers go to the chat the customer wrote in), who wrote it as the subject, the text (a caption for a file), a line
 * for each thing left out, and the files as attachments.
 */
@ApplicationScoped
public class UpdateForwarding {

    @Inject
    Uploads uploads;

    @Inject
    IncomingChats incoming;

    @Inject
    CrmChats crmChats;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transaction;

    /** A file the customer sent, downloaded, and the kind of attachment it is. */
    public record Received(SpooledFile file, AttachmentType type) {}

    /** @return whether it was forwarded now (false: it had been before) */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean forward(PluginReference company, IncomingUpdate update, List<Received> files, List<String> notes) {
        List<Attachment> attachments = new ArrayList<>();
        for (Received received : files) {
            SpooledFile file = received.file();
            URI url;
            try (InputStream in = file.open()) {
                url = uploads.store(company, file.name(), file.contentType(), in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            attachments.add(new Attachment(file.name(), url, received.type()));
        }
        StringBuilder text =
                new StringBuilder(update.text() == null ? "" : update.text().strip());
        for (String note : notes) {
            text.append(text.isEmpty() ? "" : "\n").append(note);
        }
        MessageContent content = text.isEmpty() ? null : new MessageContent(text.toString(), MessageFormat.TEXT);
        Chat chat = new Chat(crmChat(company, update.chat()), update.chat(), update.sender(), new Message(null, content,
                attachments));
        boolean forwarded = incoming.forward(company, String.valueOf(update.updateId()), chat);
        if (!forwarded) {
            transaction.setRollbackOnly();
        }
        return forwarded;
    }

    private String crmChat(PluginReference company, String telegramChat) {
        try {
            return crmChats.of(company, telegramChat).orElse(null);
        } catch (SQLException e) {
            throw new IllegalStateException("the chat map could not be read", e);
        }
    }
}
