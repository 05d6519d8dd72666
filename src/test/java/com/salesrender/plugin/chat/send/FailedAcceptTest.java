package com.salesrender.plugin.chat.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.salesrender.plugin.chat.platform.DatabaseUnavailable;
import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a failed accept answers: 202 when the message is stored after all, 503 when the database is away, else 500. */
class FailedAcceptTest {

    /** A commit refused with no cause: the transaction was marked for rollback by a failure it did not keep. */
    private static final RuntimeException SHAPELESS =
            new EJBException("Transaction aborted", new RollbackException("Transaction marked for rollback."));

    private static final RuntimeException AWAY =
            new PersistenceException(new SQLException("Connection to localhost:5432 refused", "08001"));

    @Test
    void aMessageStoredAfterAllIsAccepted() {
        SendResource.AfterFailure after = SendResource.AfterFailure.lookUp(() -> Optional.of("the task"));
        assertTrue(after.stored());
    }

    @Test
    void aFailureOfNoKnownShapeWhileTheDatabaseCannotBeReadIsTheDatabaseAway() {
        SendResource.AfterFailure after = SendResource.AfterFailure.lookUp(() -> {
            throw AWAY;
        });
        assertFalse(after.stored());
        RuntimeException answered = after.databaseAway(SHAPELESS).orElseThrow();
        assertTrue(DatabaseUnavailable.causes(answered)); // the error mapper answers it 503 with Retry-After
        assertEquals(List.of(SHAPELESS), List.of(answered.getSuppressed())); // the accept's own failure is kept
    }

    @Test
    void aFailureThatSaysTheDatabaseIsAwayIsAnsweredAsItIs() {
        SendResource.AfterFailure after = SendResource.AfterFailure.lookUp(Optional::empty);
        assertSame(AWAY, after.databaseAway(AWAY).orElseThrow());
    }

    @Test
    void aFailureOfNoKnownShapeWhileTheDatabaseAnswersStaysAFailure() {
        assertTrue(SendResource.AfterFailure.lookUp(Optional::empty)
                .databaseAway(SHAPELESS)
                .isEmpty());
        // The read failing for another reason says nothing of the database either.
        assertTrue(SendResource.AfterFailure.lookUp(() -> {
                    throw new IllegalStateException("a bug");
                })
                .databaseAway(SHAPELESS)
                .isEmpty());
    }
}
