package com.salesrender.plugin.chat.application;

import jakarta.annotation.Priority;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A {@code @Transactional} method whose transaction could not begin or commit throws a {@link TransactionalException}.
 * Jersey brings a mapper of its own for that type (nearer it than {@link ErrorMapper}'s {@code Throwable}), which hands
 * the failure on to the mapper it finds for it; in some server starts that is itself, and it lets the failure through
 * as a bare 500. A crash test's PostgreSQL restart cut an accept's commit and got one, though nothing was stored and
 * the CRM should have been told to send again. This mapper, of a higher priority than Jersey's, takes every such
 * failure to {@link ErrorMapper}: an outage is answered 503 with {@code Retry-After} by its causes, anything else 500.
 */
@Provider
@Priority(Priorities.USER - 1000)
public class TransactionFailureMapper implements ExceptionMapper<TransactionalException> {

    private final ErrorMapper errors = new ErrorMapper();

    @Override
    public Response toResponse(TransactionalException failure) {
        return errors.toResponse(failure);
    }
}
