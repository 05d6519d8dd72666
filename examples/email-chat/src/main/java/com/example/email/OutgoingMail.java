package com.example.email;

import com.salesrender.plugin.chat.api.MessageContent;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The mail of one CRM message: its Message-ID (the thread token's), the headers that thread it with the chat's earlier
 * mail, and its body by the message's format. Text goes as {@code text/plain}; markdown as HTML (rendered, raw HTML in
 * it escaped) with the markdown itself as the plain alternative; HTML as it is with its text as the plain alternative;
 * attachments after the body ({@code multipart/mixed}).
 */
final class OutgoingMail {

    private static final Parser MARKDOWN = Parser.builder().build();
    private static final HtmlRenderer HTML =
            HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    private OutgoingMail() {}

    /** Everything a mail is made of. {@code content} is null for a message of attachments only. */
    record Draft(
            String messageId,
            String previousMessageId,
            InternetAddress from,
            InternetAddress to,
            String subject,
            MessageContent content,
            List<AttachmentFiles.File> files) {}

    static MimeMessage compose(Draft draft) throws MessagingException {
        MimeMessage mail = new IdentifiedMessage(Session.getInstance(new Properties()), draft.messageId());
        mail.setFrom(draft.from());
        mail.setReplyTo(new InternetAddress[] {draft.from()});
        mail.setRecipient(jakarta.mail.Message.RecipientType.TO, draft.to());
        mail.setSubject(draft.subject(), "UTF-8");
        mail.setSentDate(new Date());
        if (draft.previousMessageId() != null) {
            mail.setHeader("In-Reply-To", draft.previousMessageId());
            mail.setHeader("References", draft.previousMessageId());
        }
        if (draft.files().isEmpty() && draft.content() != null) {
            fill(mail, draft.content());
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            if (draft.content() != null) {
                MimeBodyPart body = new MimeBodyPart();
                fill(body, draft.content());
                mixed.addBodyPart(body);
            }
            for (AttachmentFiles.File file : draft.files()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(file.bytes(), file.contentType())));
                part.setFileName(file.name());
                part.setDisposition(MimeBodyPart.ATTACHMENT);
                mixed.addBodyPart(part);
            }
            mail.setContent(mixed);
        }
        mail.saveChanges();
        return mail;
    }

    /** The body of a message's content, in the mail itself or in its first part. */
    private static void fill(MimePart body, MessageContent content) throws MessagingException {
        switch (content.format()) {
            case TEXT -> body.setText(content.text(), "UTF-8");
            case MARKDOWN -> body.setContent(
                    alternative(content.text(), page(HTML.render(MARKDOWN.parse(content.text())))));
            case HTML -> {
                String html = content.text();
                body.setContent(alternative(
                        HtmlText.of(html), html.toLowerCase(Locale.ROOT).contains("<html") ? html : page(html)));
            }
        }
    }

    private static MimeMultipart alternative(String text, String html) throws MessagingException {
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, "UTF-8");
        alternative.addBodyPart(plain);
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html, "UTF-8", "html");
        alternative.addBodyPart(rich);
        return alternative;
    }

    private static String page(String fragment) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" + fragment + "</body></html>";
    }

    /** The sender's address with the company's name beside it, when it gave one. */
    static InternetAddress from(MailSettings.Smtp smtp) throws MessagingException {
        InternetAddress from = new InternetAddress(smtp.from().trim(), true);
        if (!smtp.name().isBlank()) {
            try {
                from.setPersonal(smtp.name().trim(), "UTF-8");
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return from;
    }

    /** A MimeMessage that keeps the Message-ID it was given (Jakarta Mail draws one of its own at saveChanges). */
    private static final class IdentifiedMessage extends MimeMessage {

        private final String messageId;

        IdentifiedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
