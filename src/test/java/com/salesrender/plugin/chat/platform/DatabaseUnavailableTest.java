package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.SystemException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

/** Which failures are the database being away (503, send again) and which are not (a 500 stays a 500). */
class DatabaseUnavailableTest {

    @Test
    void theDatabaseAwayIsRecognisedThroughTheWrappersAroundIt() {
        assertTrue(DatabaseUnavailable.causes(
                new EJBException(new PersistenceException(new SQLException("Connection refused", "08001")))));
        assertTrue(DatabaseUnavailable.causes(
                new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(DatabaseUnavailable.causes(
                new RuntimeException(new SQLTransientConnectionException("pool timed out"))));
        assertTrue(DatabaseUnavailable.causes(new SQLException("Database is already closed", "90121", 90121)));
        // A commit that could not reach the database, as Payara reports it.
        SystemException commit = new SystemException();
        commit.initCause(new XAException("jakarta.resource.ResourceException: This Managed Connection"
                + " is not valid as the physical connection is not usable"));
        assertTrue(DatabaseUnavailable.causes(
                new EJBException("Unable to complete container-managed transaction.", commit)));
    }

    @Test
    void aStatementTheDriverFindsClosedUnderATransactionIsTheDatabaseAway() {
        // The pool closed every connection after one failed; the next statement of a transaction under way came from
        // the statement cache, closed (seen while PostgreSQL restarted under load).
        assertTrue(DatabaseUnavailable.causes(new EJBException(new PersistenceException(
                new PSQLException("This statement has been closed.", PSQLState.OBJECT_NOT_IN_STATE)))));
        // The same state from the server is a fault of the statement, not an outage.
        assertFalse(DatabaseUnavailable.causes(new PSQLException(
                new ServerErrorMessage("SERROR\0C55000\0Mcurrval of sequence is not yet defined in this session"))));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(DatabaseUnavailable.causes(new IllegalStateException("a bug")));
        assertFalse(DatabaseUnavailable.causes(
                new PersistenceException(new SQLIntegrityConstraintViolationException("duplicate key", "23505"))));
        assertFalse(DatabaseUnavailable.causes(new SQLException("syntax error", "42601")));
    }
}
