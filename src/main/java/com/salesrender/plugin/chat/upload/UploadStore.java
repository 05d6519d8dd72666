package com.salesrender.plugin.chat.upload;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.UploadedFile;
import com.salesrender.plugin.chat.platform.TransactionConnection;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Upload rows, in plain JDBC so that the bytes stream in and out of the database instead of being held in memory as an
 * entity field. Outside a transaction each statement commits on its own; inside one (a plugin storing a file in its
 * job's transaction, or in a {@code @Transactional} method of its own), a file is stored on the transaction's
 * connection ({@link TransactionConnection}), and the row commits or rolls back with it: a connection taken from the
 * data source was not the transaction's inside a plain bean's {@code @Transactional} one.
 */
@ApplicationScoped
public class UploadStore {

    @Resource(lookup = "jdbc/chatPlugin")
    DataSource dataSource;

    @PersistenceContext
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** Stores {@code size} bytes read from {@code content} under {@code name}. */
    public void store(
            PluginReference reference,
            String kind,
            String name,
            String contentType,
            long size,
            InputStream content,
            long now) {
        boolean inTransaction = transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION;
        // The transaction's connection is not closed here: its entity manager gives it back when it ends.
        try (Connection own = inTransaction ? null : dataSource.getConnection();
                PreparedStatement insert = (inTransaction ? TransactionConnection.of(em) : own)
                        .prepareStatement("INSERT INTO upload (name, company_id, plugin_alias, plugin_id, kind,"
                                + " content_type, size, created_at, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, name);
            insert.setString(2, reference.companyId());
            insert.setString(3, reference.alias());
            insert.setString(4, reference.id());
            insert.setString(5, kind);
            insert.setString(6, contentType);
            insert.setLong(7, size);
            insert.setLong(8, now);
            insert.setBinaryStream(9, content, size);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Upload " + name + " not stored", e);
        }
    }

    /** The upload {@code name} of this company and plugin id, its bytes streamed from the database. */
    public Optional<UploadedFile> open(String companyId, String pluginId, String name) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            PreparedStatement select = connection.prepareStatement("SELECT content_type, size, created_at, content"
                    + " FROM upload WHERE name = ? AND company_id = ? AND plugin_id = ?");
            select.setString(1, name);
            select.setString(2, companyId);
            select.setString(3, pluginId);
            ResultSet row = select.executeQuery();
            if (!row.next()) {
                release(row, select, connection);
                return Optional.empty();
            }
            String contentType = row.getString(1);
            long size = row.getLong(2);
            long createdAt = row.getLong(3);
            Connection held = connection;
            // The stream is the row's: closing it releases the result, the statement and the connection.
            InputStream bytes = new FilterInputStream(row.getBinaryStream(4)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        try {
                            release(row, select, held);
                        } catch (SQLException e) {
                            throw new IOException(e);
                        }
                    }
                }
            };
            return Optional.of(new UploadedFile(name, contentType, size, createdAt, bytes));
        } catch (SQLException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the first failure is the one to report
                }
            }
            throw new IllegalStateException("Upload " + name + " not readable", e);
        }
    }

    private static void release(ResultSet row, PreparedStatement statement, Connection connection) throws SQLException {
        try (connection;
                statement;
                row) {
            // closed in reverse order: the row, the statement, then the connection
        }
    }

    /** Deletes up to {@code batch} uploads created before {@code cutoff}; answers how many went. */
    public int deleteCreatedBefore(long cutoff, int batch) {
        try (Connection connection = dataSource.getConnection()) {
            List<String> names = new ArrayList<>();
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT name FROM upload WHERE created_at < ? ORDER BY created_at")) {
                select.setLong(1, cutoff);
                select.setMaxRows(batch);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                }
            }
            int deleted = 0;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM upload WHERE name = ?")) {
                for (String name : names) {
                    delete.setString(1, name);
                    deleted += delete.executeUpdate();
                }
            }
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("Old uploads not deleted", e);
        }
    }

    /** How many uploads the database holds for a company (for operators and tests). */
    public long count(String companyId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT COUNT(*) FROM upload WHERE company_id = ?")) {
            select.setString(1, companyId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
