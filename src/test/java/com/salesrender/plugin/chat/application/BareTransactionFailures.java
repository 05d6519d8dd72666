package com.salesrender.plugin.chat.application;

import jakarta.annotation.Priority;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Test-only: another mapper for {@link TransactionalException} that answers a bare 500, as Jersey's own does in the
 * server starts where it finds itself for the failure. Jersey's is of the default priority ({@code USER}); this one of
 * a higher one, so it is chosen over Jersey's every time, not in some starts only. The plugin's
 * {@link TransactionFailureMapper} must be chosen over both.
 */
@Provider
@Priority(Priorities.USER - 500)
public class BareTransactionFailures implements ExceptionMapper<TransactionalException> {

    @Override
    public Response toResponse(TransactionalException failure) {
        return Response.serverError().entity("a bare 500").build();
    }
}
