package com.salesrender.plugin.chat.platform;

import jakarta.transaction.SystemException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import javax.transaction.xa.XAException;

/**
 * Whether a failure is the database being away (restarting, failing over, the pool unable to reach it) rather than a
 * fault of the request or the plugin: such a request is answered 503 with {@code Retry-After}, so the CRM sends it
 * again, and nothing was stored.
 */
public final class DatabaseUnavailable {

    /** H2: the database is closed, or the connection to it broken. */
    private static final int H2_CLOSED = 90121;

    private static final int H2_CONNECTION_BROKEN = 90067;

    /** PostgreSQL's "object not in prerequisite state"; the driver's own for a statement or result set closed. */
    private static final String OBJECT_NOT_IN_STATE = "55000";

    private static final String POSTGRESQL_EXCEPTION = "org.postgresql.util.PSQLException";

    private DatabaseUnavailable() {}

    public static boolean causes(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // 08: connection exceptions; 57P: PostgreSQL shutting down, starting, or cannot connect now.
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
                if (sql.getErrorCode() == H2_CLOSED || sql.getErrorCode() == H2_CONNECTION_BROKEN) {
                    return true;
                }
                if (closedUnderTheTransaction(sql)) {
                    return true;
                }
            }
            // The pool could not hand out a connection (Payara's PoolingException, a connector ResourceException), or
            // the commit could not reach the database (the transaction manager's SystemException, over an XAException:
            // "the physical connection is not usable"). The transactions here have the database as their one resource.
            String name = t.getClass().getName();
            if (name.endsWith(".PoolingException")
                    || name.equals("jakarta.resource.ResourceException")
                    || name.endsWith(".ResourceAllocationException")
                    || t instanceof SystemException
                    || t instanceof XAException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The PostgreSQL driver's own "This statement has been closed": when one connection fails, the pool closes all of
     * them (fail-all-connections), those of transactions under way too, and a statement kept in the pool's statement
     * cache then fails with this rather than with a connection error. Only the driver's own (it carries no message from
     * the server): the server's 55000 is a fault of the statement.
     */
    private static boolean closedUnderTheTransaction(SQLException sql) {
        if (!OBJECT_NOT_IN_STATE.equals(sql.getSQLState())
                || !sql.getClass().getName().equals(POSTGRESQL_EXCEPTION)) {
            return false;
        }
        try {
            // The driver is the server's library, not the plugin's: read through reflection.
            return sql.getClass().getMethod("getServerErrorMessage").invoke(sql) == null;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
