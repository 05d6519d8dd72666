package com.salesrender.plugin.chat.platform;

import jakarta.persistence.EntityManager;
import java.sql.Connection;

/**
 * The JDBC connection of the current transaction: the entity manager's own, so plain statements on it commit or roll
 * back with what the entity manager writes, and hold their locks until then. A connection taken from the data source
 * was not the transaction's inside a plain bean's {@code @Transactional} transaction: its statements committed at once.
 * Not to be closed: the entity manager gives it back when the transaction ends.
 */
public final class TransactionConnection {

    private TransactionConnection() {}

    public static Connection of(EntityManager em) {
        Connection connection = em.unwrap(Connection.class);
        if (connection == null) {
            // EclipseLink hands its connection out once the transaction's first statement has taken it.
            em.createNativeQuery("SELECT 1").getSingleResult();
            connection = em.unwrap(Connection.class);
        }
        if (connection == null) {
            throw new IllegalStateException("No transaction to take the connection of");
        }
        return connection;
    }
}
