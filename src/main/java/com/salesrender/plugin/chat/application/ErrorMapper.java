package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.api.Refusal;
import com.salesrender.plugin.chat.platform.DatabaseUnavailable;
import com.salesrender.plugin.chat.platform.Json;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place that turns failures into the protocol's error shape; no stack trace reaches a client. Every
 * package's refusals, and the plugin API's, are {@link Refusal}s that carry their own status, so this names none
 * of them.
 */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        Throwable error = unwrap(failure);
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
            return error(405, notAllowedMessage(notAllowed.getResponse().getAllowedMethods()));
        }
        if (error instanceof WebApplicationException web) {
            Response.StatusType status = web.getResponse().getStatusInfo();
            return error(status.getStatusCode(), status.getReasonPhrase());
        }
        if (DatabaseUnavailable.causes(failure)) {
            // Not the request's fault and nothing was stored: the CRM sends it again.
            LOG.warning(() -> "Request answered 503, the database is not available: " + rootCause(failure));
            return Response.fromResponse(error(503, "The database is not available; send again in a few seconds"))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        LOG.log(Level.SEVERE, "Request failed", failure);
        return error(500, "Internal error");
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

    public static Response error(int status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Json.createObjectBuilder().add("code", status).add("message", message == null ? "" : message)
                        .build().toString())
                .build();
    }

    /** As the reference words it: the route's methods, then OPTIONS (HEAD is implied by GET). */
    static String notAllowedMessage(Set<String> allowed) {
        List<String> methods = new ArrayList<>(allowed.stream().map(m -> m.toUpperCase(Locale.ROOT))
                .filter(m -> !m.equals("HEAD") && !m.equals("OPTIONS")).sorted().toList());
        methods.add("OPTIONS");
        return "Method not allowed. Must be one of: " + String.join(", ", methods);
    }

    /** EJB containers wrap application exceptions; answer for what really went wrong. */
    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof jakarta.ejb.EJBException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
