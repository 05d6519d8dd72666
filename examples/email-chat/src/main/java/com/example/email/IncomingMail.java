package com.example.email;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a customer's mail says, as the CRM gets it: the sender's address, the subject, the text it adds (the quoted
 * history below it cut off, when it is quoted in one of the usual ways) and its attachments.
 */
record IncomingMail(String from, String subject, String text, List<AttachmentFiles.File> files, List<String> dropped) {

    /** Where the quoted history of a reply begins: "On ... wrote:", an Outlook header block, a forwarded mail. */
    private static final List<Pattern> QUOTE_STARTS = List.of(
            Pattern.compile("^On\\b.{0,300}\\bwrote:\\s*$", Pattern.DOTALL),
            Pattern.compile("^-{2,}\\s*Original Message\\s*-{2,}\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^-{2,}\\s*Forwarded message\\s*-{2,}\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^_{10,}\\s*$"),
            Pattern.compile("^From:\\s.+$"));

    /** A gateway id of at most {@code IncomingChats.MAX_GATEWAY_ID} characters. */
    private static final int MAX_ID = 255;

    static IncomingMail read(Message mail, long maxAttachment) throws MessagingException, IOException {
        Address[] senders = mail.getFrom();
        String from = senders != null && senders.length > 0 && senders[0] instanceof InternetAddress address
                ? address.getAddress()
                : null;
        if (from == null || from.isBlank()) {
            throw new MessagingException("the mail has no sender address");
        }
        Body body = new Body(maxAttachment);
        body.walk(mail);
        String text = body.plain != null ? body.plain : body.html != null ? HtmlText.of(body.html) : "";
        return new IncomingMail(from, mail.getSubject(), withoutQuotes(text), body.files, body.dropped);
    }

    /**
     * The id the CRM forwards it under once: its {@code Message-ID}, or (none, or too long) a digest of it or of where
     * it lies in the mailbox.
     */
    static String gatewayId(Message mail, String place) throws MessagingException {
        String[] ids = mail.getHeader("Message-ID");
        String id = ids != null && ids.length > 0 ? ids[0].trim() : "";
        if (id.isEmpty()) {
            return "mailbox:" + digest(place);
        }
        if (id.length() > MAX_ID || id.chars().anyMatch(Character::isISOControl)) {
            return "message-id:" + digest(id);
        }
        return id;
    }

    /** The text above the quoted history; all of it when nothing is left above. */
    static String withoutQuotes(String text) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        int end = lines.length;
        for (int i = 0; i < lines.length && end == lines.length; i++) {
            String line = lines[i].strip();
            // "On Mon, 1 Jan 2024 at 10:00, Shop <shop@example.com>" may wrap before "wrote:".
            String twoLines = i + 1 < lines.length ? line + " " + lines[i + 1].strip() : line;
            for (Pattern start : QUOTE_STARTS) {
                if (start.matcher(line).matches()) {
                    end = i;
                } else if (line.startsWith("On ") && start.matcher(twoLines).matches()) {
                    end = i;
                }
            }
        }
        // A block of "> " lines at the end is quoted too.
        while (end > 0 && (lines[end - 1].startsWith(">") || lines[end - 1].isBlank())) {
            end--;
        }
        String kept = String.join("\n", List.of(lines).subList(0, end)).strip();
        return kept.isEmpty() ? text.strip() : kept;
    }

    private static String digest(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The parts of a mail: its first plain and HTML text, and every attachment. */
    private static final class Body {

        private final long maxAttachment;
        String plain;
        String html;
        final List<AttachmentFiles.File> files = new ArrayList<>();
        final List<String> dropped = new ArrayList<>();

        Body(long maxAttachment) {
            this.maxAttachment = maxAttachment;
        }

        void walk(Part part) throws MessagingException, IOException {
            if (part.isMimeType("multipart/*")) {
                Multipart parts = (Multipart) part.getContent();
                for (int i = 0; i < parts.getCount(); i++) {
                    walk(parts.getBodyPart(i));
                }
            } else if (isAttachment(part)) {
                attach(part);
            } else if (part.isMimeType("text/plain") && plain == null) {
                plain = String.valueOf(part.getContent());
            } else if (part.isMimeType("text/html") && html == null) {
                html = String.valueOf(part.getContent());
            }
        }

        private static boolean isAttachment(Part part) throws MessagingException {
            return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())
                    || (part.getFileName() != null && !part.isMimeType("text/*"))
                    || part.isMimeType("message/rfc822");
        }

        private void attach(Part part) throws MessagingException, IOException {
            String name = name(part);
            byte[] bytes;
            try (InputStream in = part.getInputStream()) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxAttachment + 1));
            }
            if (bytes.length > maxAttachment) {
                dropped.add(name + " (larger than " + maxAttachment + " bytes)");
            } else if (bytes.length == 0) {
                dropped.add(name + " (empty)");
            } else {
                files.add(new AttachmentFiles.File(name, baseType(part), bytes));
            }
        }

        /** The file name as the customer sent it; one made up from its type when it has none (or no extension). */
        private static String name(Part part) throws MessagingException {
            String name = part.getFileName();
            if (name != null) {
                try {
                    name = MimeUtility.decodeText(name);
                } catch (UnsupportedEncodingException e) {
                    // keep it as written
                }
                name = name.replaceAll("[\\\\/\\p{Cntrl}]", "_").strip();
            }
            if (part.isMimeType("message/rfc822") && (name == null || name.isEmpty())) {
                return "message.eml";
            }
            if (name == null || name.isEmpty()) {
                name = "attachment";
            }
            if (!name.contains(".") || name.endsWith(".")) {
                String subtype = baseType(part).replaceFirst(".*/", "").replaceAll("[^a-z0-9]", "");
                name = name + "." + (subtype.isEmpty() || subtype.length() > 10 ? "bin" : subtype);
            }
            return name;
        }

        private static String baseType(Part part) throws MessagingException {
            String type = part.getContentType();
            return type == null
                    ? "application/octet-stream"
                    : type.replaceFirst(";.*", "").strip().toLowerCase(Locale.ROOT);
        }
    }
}
