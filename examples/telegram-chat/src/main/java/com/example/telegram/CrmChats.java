package com.example.telegram;

import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The CRM's chat id of each Telegram chat (table {@code telegram_chat}, {@code db/plugin/V2__telegram_chat.sql}), learnt
 * when the CRM sends to it, so that the customer's answers go back into that chat. Plain JDBC on the core's database;
 * inside a transaction it joins it.
 */
@ApplicationScoped
public class CrmChats {

    @Resource(lookup = "jdbc/chatPlugin")
    DataSource database;

    /** The CRM wrote to {@code telegramChat} in its chat {@code crmChatId}: the latest one wins. */
    public void remember(PluginReference reference, String telegramChat, String crmChatId) throws SQLException {
        try (Connection connection = database.getConnection()) {
            if (update(connection, reference, telegramChat, crmChatId) > 0) {
                return;
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO telegram_chat"
                    + " (company_id, plugin_alias, plugin_id, telegram_chat, crm_chat_id) VALUES (?, ?, ?, ?, ?)")) {
                bind(insert, reference, telegramChat);
                insert.setString(5, crmChatId);
                insert.executeUpdate();
            } catch (SQLException raced) {
                // Another send to the same chat inserted the row first: it is there now.
                if (update(connection, reference, telegramChat, crmChatId) == 0) {
                    throw raced;
                }
            }
        }
    }

    /** The CRM's chat of a Telegram chat, once the CRM has written to it. */
    public Optional<String> of(PluginReference reference, String telegramChat) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT crm_chat_id FROM telegram_chat"
                        + " WHERE company_id = ? AND plugin_alias = ? AND plugin_id = ? AND telegram_chat = ?")) {
            bind(select, reference, telegramChat);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    private static int update(Connection connection, PluginReference reference, String telegramChat, String crmChatId)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE telegram_chat SET crm_chat_id = ?"
                + " WHERE company_id = ? AND plugin_alias = ? AND plugin_id = ? AND telegram_chat = ?")) {
            update.setString(1, crmChatId);
            update.setString(2, reference.companyId());
            update.setString(3, reference.alias());
            update.setString(4, reference.id());
            update.setString(5, telegramChat);
            return update.executeUpdate();
        }
    }

    private static void bind(PreparedStatement statement, PluginReference reference, String telegramChat)
            throws SQLException {
        statement.setString(1, reference.companyId());
        statement.setString(2, reference.alias());
        statement.setString(3, reference.id());
        statement.setString(4, telegramChat);
    }
}
