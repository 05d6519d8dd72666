package com.salesrender.plugin.chat.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import javax.transaction.xa.XAException;

/**
 * Test-only (in the test WAR, never in the product): a request whose {@code @Transactional} commit the database refused
 * as it went away, as the platform reports it (the shape a crash test's PostgreSQL restart produced: the transaction
 * manager's SystemException over the connection's XAException).
 */
@ApplicationScoped
@Path("test-probe/transaction")
public class TransactionFailureProbe {

    @POST
    @Path("commit-refused")
    public void commitRefused() {
        SystemException commit = new SystemException();
        commit.initCause(new XAException("FATAL: terminating connection due to administrator command"));
        throw new TransactionalException(
                "Managed bean with Transactional annotation and TxType of REQUIRED encountered exception during"
                        + " commit jakarta.transaction.SystemException",
                commit);
    }
}
