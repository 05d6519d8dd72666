package com.example.telegram;

import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Which parts of a CRM message Telegram already took (table {@code telegram_sent_part},
 * {@code db/plugin/V1__telegram_sent_part.sql}). A message with text and attachments is several Bot API calls; when one
 * fails (a 429, a network error) the next attempt sends only the parts still missing, so the customer does not get the
 * first ones twice. Plain JDBC on the core's database ({@code jdbc/chatPlugin}); called outside any transaction, each
 * statement commits at once. A crash between Telegram's answer and the row still sends that part again.
 */
@ApplicationScoped
public class SentParts {

    @Resource(lookup = "jdbc/chatPlugin")
    DataSource database;

    /** The parts of the message sent so far. */
    public Set<Integer> sent(PluginReference reference, String messageId) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT part FROM telegram_sent_part"
                        + " WHERE company_id = ? AND plugin_alias = ? AND plugin_id = ? AND message_id = ?")) {
            bind(select, reference, messageId);
            Set<Integer> parts = new HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    parts.add(rows.getInt(1));
                }
            }
            return parts;
        }
    }

    /** Telegram took this part (as its message {@code telegramMessageId}, when it said). */
    public void record(PluginReference reference, String messageId, int part, Long telegramMessageId)
            throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO telegram_sent_part"
                        + " (company_id, plugin_alias, plugin_id, message_id, part, telegram_message_id, sent_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            bind(insert, reference, messageId);
            insert.setInt(5, part);
            if (telegramMessageId == null) {
                insert.setNull(6, Types.BIGINT);
            } else {
                insert.setLong(6, telegramMessageId);
            }
            insert.setTimestamp(7, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
    }

    /** Every part is sent: the rows are not needed any more. */
    public void forget(PluginReference reference, String messageId) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM telegram_sent_part"
                        + " WHERE company_id = ? AND plugin_alias = ? AND plugin_id = ? AND message_id = ?")) {
            bind(delete, reference, messageId);
            delete.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, PluginReference reference, String messageId)
            throws SQLException {
        statement.setString(1, reference.companyId());
        statement.setString(2, reference.alias());
        statement.setString(3, reference.id());
        statement.setString(4, messageId);
    }
}
