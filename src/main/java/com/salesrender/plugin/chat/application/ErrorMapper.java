package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.api.Refusal;
import com.salesrender.plugin.chat.platform.ApiError;
import com.salesrender.plugin.chat.platform.DatabaseUnavailable;
import com.salesrender.plugin.chat.platform.ErrorBody;
import com.salesrender.plugin.chat.platform.RepeatedFailure;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place that turns failures into the protocol's error shape; no stack trace reaches a client. Every package's
 * refusals, and the plugin API's, are {@link Refusal}s that carry their own status, so this names none of them.
 */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    /** A database outage answers every request 503: one line when it starts and one a minute, not one each. */
    private static final RepeatedFailure unavailable = new RepeatedFailure(LOG, "The database");

    @Override
    public Response toResponse(Throwable failure) {
        Throwable error = ApiError.unwrap(failure);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BodyLimit.BodyTooLarge tooLarge) {
                return error(413, tooLarge.getMessage());
            }
        }
        if (error instanceof Refusal api) {
            LOG.fine(() -> "Refused with " + api.status() + ": " + api.getMessage());
            return error(api.status(), api.getMessage());
        }
        if (error instanceof NotAllowedException notAllowed) {
            return error(405, ErrorBody.notAllowed(notAllowed.getResponse().getAllowedMethods()));
        }
        if (error instanceof WebApplicationException web) {
            Response.StatusType status = web.getResponse().getStatusInfo();
            return error(status.getStatusCode(), status.getReasonPhrase());
        }
        if (DatabaseUnavailable.causes(failure)) {
            // Not the request's fault and nothing was stored: the CRM sends it again.
            unavailable.failed(
                    () -> "Request answered 503, the database is not available: " + rootCause(failure), null);
            return Response.fromResponse(error(503, "The database is not available; send again in a few seconds"))
                    .header("Retry-After", RETRY_AFTER_SECONDS)
                    .build();
        }
        LOG.log(Level.SEVERE, "Request failed", failure);
        return error(500, ApiError.INTERNAL);
    }

    /** What a client is told to wait when the database is away: about a database restart. */
    private static final long RETRY_AFTER_SECONDS = 5;

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    private static Response error(int status, String message) {
        return ErrorBody.response(status, message);
    }
}
