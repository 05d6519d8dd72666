package com.salesrender.plugin.chat.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Inserts a row unless its key is taken, without failing the transaction when it is: the answer is whether this insert
 * made the row. When another transaction is inserting the same key at that moment, this waits for it to end (false when
 * it committed, the row inserted now when it rolled back), as a plain insert would. On the transaction's own connection
 * (in a JTA transaction, the one the entity manager uses), so the row commits or rolls back with it.
 */
public final class InsertIfAbsent {

    /** H2's error code for a lock it waited for in vain (its lock timeout, 2 s by default). */
    private static final int H2_LOCK_TIMEOUT = 50200;

    /** How many lock timeouts in a row an H2 insert waits through for another transaction inserting the same key. */
    private static final int H2_WAITS = 30;

    private InsertIfAbsent() {}

    /**
     * Inserts {@code values} into {@code columns} of {@code table}, whose primary key is {@code key} (its columns);
     * answers true when this insert made the row.
     */
    public static boolean insert(Connection connection, String table, String key, String columns, Object... values)
            throws SQLException {
        String insert = "INSERT INTO " + table + " (" + columns + ") VALUES (" + "?, ".repeat(values.length - 1) + "?)";
        if ("PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
            // A failed statement would abort the whole transaction on PostgreSQL: the insert that loses does nothing
            // instead (after waiting for the other transaction, as a plain insert would).
            return run(connection, insert + " ON CONFLICT (" + key + ") DO NOTHING", values) == 1;
        }
        // H2 has no ON CONFLICT (outside its PostgreSQL mode), but undoes a failed statement alone and the transaction
        // goes on: the duplicate key the losing insert meets is the answer. Its insert waits for the other transaction
        // only until H2's lock timeout: it waits again, as PostgreSQL would, a bounded number of times.
        for (int wait = 1; ; wait++) {
            try {
                run(connection, insert, values);
                return true;
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    return false; // inserted by a transaction that committed
                }
                if (e.getErrorCode() != H2_LOCK_TIMEOUT || wait == H2_WAITS) {
                    throw e;
                }
            }
        }
    }

    private static int run(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            return statement.executeUpdate();
        }
    }
}
