package com.example.email;

import com.salesrender.plugin.chat.api.ChatSender;
import com.salesrender.plugin.chat.api.Field;
import com.salesrender.plugin.chat.api.SettingsForm;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The settings form each company fills in (its SMTP server for what operators write, its IMAP mailbox for what
 * customers answer), and the saved values read as {@link Smtp} and {@link Imap}. {@code @Alternative @Priority} makes
 * the form replace the example form of the core WAR.
 */
@ApplicationScoped
@Alternative
@Priority(ChatSender.PRIORITY)
public class MailSettings {

    /** How the connection to a mail server is protected. */
    public enum Security {
        /** Plain connection, upgraded to TLS by STARTTLS (required: no fallback to plain text). */
        STARTTLS,
        /** TLS from the first byte (SMTPS on 465, IMAPS on 993). */
        TLS,
        /** No encryption: only for a server on the same host or in tests. */
        NONE
    }

    /** The outgoing side: where and as whom mails are sent, and the subject of chats that have none. */
    public record Smtp(
            String host,
            int port,
            Security security,
            String user,
            String password,
            String from,
            String name,
            String subject) {}

    /** The incoming side: the mailbox customers' replies land in, and how often it is read. */
    public record Imap(
            String host,
            int port,
            Security security,
            String user,
            String password,
            String folder,
            int interval,
            boolean newChats) {}

    @Produces
    @Singleton
    public SettingsForm form() {
        return SettingsForm.titled("E-mail")
                .description("Operators' messages go out by SMTP; customers' replies are read from an IMAP mailbox.")
                .group("smtp", "Outgoing mail (SMTP)", group -> group.field(
                                "host", Field.string("Server").required())
                        .field("port", Field.integer("Port").min(1).max(65535).defaultValue(587))
                        .field("security", security("starttls"))
                        .field("user", Field.string("User name").description("Empty: the server needs no login"))
                        .field("password", Field.password("Password"))
                        .field(
                                "from",
                                Field.string("From address")
                                        .description("The address customers see and reply to")
                                        .required())
                        .field("name", Field.string("From name").description("Shown beside the address"))
                        .field(
                                "subject",
                                Field.string("Subject")
                                        .description("For messages of chats without a subject")
                                        .defaultValue("Your message")))
                .group("imap", "Incoming mail (IMAP)", group -> group.field(
                                "host",
                                Field.string("Server").description("Empty: customers' replies are not read"))
                        .field("port", Field.integer("Port").min(1).max(65535).defaultValue(993))
                        .field("security", security("tls"))
                        .field("user", Field.string("User name").description("Empty: the SMTP user name"))
                        .field("password", Field.password("Password").description("Empty: the SMTP password"))
                        .field("folder", Field.string("Folder").defaultValue("INBOX"))
                        .field(
                                "interval",
                                Field.integer("Check every (seconds)")
                                        .min(1)
                                        .max(3600)
                                        .defaultValue(30))
                        .field(
                                "newChats",
                                Field.bool("Mail that answers no chat starts a new chat")
                                        .description("Off: such mail stays unread in the mailbox, untouched")
                                        .defaultValue(false)))
                .button("Save");
    }

    private static Field security(String preset) {
        Map<String, String> modes = new LinkedHashMap<>();
        modes.put("starttls", "STARTTLS");
        modes.put("tls", "TLS");
        modes.put("none", "None (plain text)");
        return Field.listOfEnum("Encryption", modes)
                .choose(1, 1)
                .defaultValue(Json.createArrayBuilder().add(preset).build());
    }

    /** The SMTP values of a company's settings (completed with the form's defaults). */
    public static Smtp smtp(JsonObject settings) {
        JsonObject smtp = group(settings, "smtp");
        return new Smtp(
                text(smtp, "host"),
                number(smtp, "port", 587),
                security(smtp, Security.STARTTLS),
                text(smtp, "user"),
                text(smtp, "password"),
                text(smtp, "from"),
                text(smtp, "name"),
                text(smtp, "subject"));
    }

    /** The IMAP values of a company's settings, empty when it set no IMAP server. */
    public static Optional<Imap> imap(JsonObject settings) {
        JsonObject imap = group(settings, "imap");
        String host = text(imap, "host");
        if (host.isBlank()) {
            return Optional.empty();
        }
        Smtp smtp = smtp(settings);
        String user = text(imap, "user");
        String password = text(imap, "password");
        return Optional.of(new Imap(
                host.trim(),
                number(imap, "port", 993),
                security(imap, Security.TLS),
                user.isEmpty() ? smtp.user() : user,
                password.isEmpty() ? smtp.password() : password,
                text(imap, "folder").isBlank() ? "INBOX" : text(imap, "folder"),
                Math.max(1, number(imap, "interval", 30)),
                imap.get("newChats") == JsonValue.TRUE));
    }

    private static JsonObject group(JsonObject settings, String name) {
        return settings.get(name) instanceof JsonObject group ? group : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static String text(JsonObject group, String field) {
        return group.get(field) instanceof JsonString value ? value.getString() : "";
    }

    /** A number as saved: the form also takes one written as a string ({@code "587"}). */
    private static int number(JsonObject group, String field, int otherwise) {
        JsonValue value = group.get(field);
        if (value instanceof JsonNumber number) {
            return number.intValue();
        }
        if (value instanceof JsonString string && string.getString().matches("\\d{1,9}")) {
            return Integer.parseInt(string.getString());
        }
        return otherwise;
    }

    private static Security security(JsonObject group, Security otherwise) {
        if (group.get("security") instanceof JsonArray chosen
                && !chosen.isEmpty()
                && chosen.get(0) instanceof JsonString mode) {
            return Security.valueOf(mode.getString().toUpperCase());
        }
        return otherwise;
    }
}
