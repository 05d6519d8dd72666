package com.example.email;

import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The Message-IDs of the mails this plugin sends, and the CRM chats they belong to (table {@code email_chat_thread},
 * {@code db/plugin/V1__email_chat_threads.sql}).
 *
 * <p>Each CRM message gets a random token (128 bits, hex) and its mail the Message-ID {@code <sr.{token}@{host}>}. A
 * reply names it in {@code In-Reply-To} or {@code References}; the token finds the row, and the row the chat. A random
 * key in a table rather than the chat id sealed into the Message-ID: the header is short, says nothing of the CRM to
 * whoever reads it, and a token found in another company's mailbox leads nowhere (the row belongs to one plugin
 * reference). Plain JDBC on the core's database ({@code jdbc/chatPlugin}); called outside any transaction, each
 * statement commits at once.
 */
@ApplicationScoped
public class MailThreads {

    /** A Message-ID of this plugin: the token is what {@link #token} draws. */
    private static final Pattern OWN_ID = Pattern.compile("<sr\\.([0-9a-f]{32})@[^>\\s]+>");

    /** The most tokens looked up at once (a long References header names every mail of a thread). */
    private static final int MAX_LOOKUP = 50;

    private final SecureRandom random = new SecureRandom();

    @Resource(lookup = "jdbc/chatPlugin")
    DataSource database;

    /** A chat's mail this plugin sent. */
    public record Thread(String token, String messageId, String chatId) {}

    /** The Message-ID of a token. */
    public static String messageId(String token, String host) {
        return "<sr." + token + "@" + host + ">";
    }

    /** The tokens of this plugin's Message-IDs named in a header value (In-Reply-To, References), last first. */
    public static List<String> tokensIn(String... headers) {
        List<String> tokens = new ArrayList<>();
        for (String header : headers) {
            if (header == null) {
                continue;
            }
            Matcher matcher = OWN_ID.matcher(header);
            while (matcher.find()) {
                tokens.add(0, matcher.group(1));
            }
        }
        return tokens.stream().distinct().limit(MAX_LOOKUP).toList();
    }

    /** The token of a CRM message's mail: drawn at its first attempt, the same for every later one. */
    public String token(PluginReference reference, String messageId, String chatId) throws SQLException {
        Optional<String> known = tokenOf(reference, messageId);
        if (known.isPresent()) {
            return known.get();
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO email_chat_thread"
                        + " (token, company_id, plugin_alias, plugin_id, message_id, chat_id, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, token);
            bind(insert, 2, reference);
            insert.setString(5, messageId);
            insert.setString(6, chatId);
            insert.setTimestamp(7, Timestamp.from(Instant.now()));
            insert.executeUpdate();
            return token;
        } catch (SQLException e) {
            // Two attempts of one message at once cannot happen (the core runs one at a time); a unique key
            // violation still means the row is there: use it.
            return tokenOf(reference, messageId).orElseThrow(() -> e);
        }
    }

    /** The token of this chat's newest mail other than {@code messageId}'s, if it had one. */
    public Optional<String> lastOfChat(PluginReference reference, String chatId, String messageId)
            throws SQLException {
        if (chatId == null) {
            return Optional.empty();
        }
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT token FROM email_chat_thread"
                        + " WHERE company_id = ? AND plugin_alias = ? AND plugin_id = ? AND chat_id = ?"
                        + " AND message_id <> ? ORDER BY created_at DESC")) {
            bind(select, 1, reference);
            select.setString(4, chatId);
            select.setString(5, messageId);
            select.setMaxRows(1);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /** The newest of these mails that this plugin reference sent; a token of another reference is not found. */
    public Optional<Thread> find(PluginReference reference, Collection<String> tokens) throws SQLException {
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        String marks = String.join(", ", Collections.nCopies(tokens.size(), "?"));
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT token, message_id, chat_id"
                        + " FROM email_chat_thread WHERE company_id = ? AND plugin_alias = ? AND plugin_id = ?"
                        + " AND token IN (" + marks + ") ORDER BY created_at DESC")) {
            bind(select, 1, reference);
            int index = 4;
            for (String token : tokens) {
                select.setString(index++, token);
            }
            select.setMaxRows(1);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(new Thread(rows.getString(1), rows.getString(2), rows.getString(3)))
                        : Optional.empty();
            }
        }
    }

    private Optional<String> tokenOf(PluginReference reference, String messageId) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT token FROM email_chat_thread"
                        + " WHERE company_id = ? AND plugin_alias = ? AND plugin_id = ? AND message_id = ?")) {
            bind(select, 1, reference);
            select.setString(4, messageId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private static void bind(PreparedStatement statement, int first, PluginReference reference) throws SQLException {
        statement.setString(first, reference.companyId());
        statement.setString(first + 1, reference.alias());
        statement.setString(first + 2, reference.id());
    }
}
