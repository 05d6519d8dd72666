package com.salesrender.plugin.chat.platform;

import com.salesrender.plugin.chat.api.Refusal;
import jakarta.ejb.ApplicationException;
import jakarta.ejb.EJBException;

/**
 * An error answer with its HTTP status; the client gets {@code {"code": status, "message": ...}}. Made by name
 * ({@link #invalid}, {@link #routeUnknown}...) so that a reader sees why a request is refused, not a number. Each
 * package's own refusals (a token refused, an upload not allowed) extend it; the refusals a plugin author may catch are
 * the plugin API's {@link Refusal}s, which this is one of.
 */
@ApplicationException(rollback = true)
public class ApiError extends Refusal {

    /** What an unknown route is answered with, as the reference words it. */
    public static final String NOT_FOUND = "Not Found";
    /** What a failure on the plugin's side is answered with: never how it failed. */
    public static final String INTERNAL = "Internal error";

    protected ApiError(int status, String message) {
        super(status, message);
    }

    protected ApiError(int status, String message, Throwable cause) {
        super(status, message, cause);
    }

    /** 400: the request (its body, a parameter, a claim) breaks a rule; the message names the rule. */
    public static ApiError invalid(String message) {
        return new ApiError(400, message);
    }

    /** 401: the credential the route needs is not there. */
    public static ApiError unauthenticated(String message) {
        return new ApiError(401, message);
    }

    /** 403: the caller is known, and not allowed this. */
    public static ApiError forbidden(String message) {
        return new ApiError(403, message);
    }

    /** 404: no such route, or a route that is off (its token is not configured). */
    public static ApiError routeUnknown() {
        return new ApiError(404, NOT_FOUND);
    }

    /** 404: the route is known, the thing it names is not. */
    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    /** 409: the thing is not in a state that allows this. */
    public static ApiError wrongState(String message) {
        return new ApiError(409, message);
    }

    /** 413: the request body is over the route's limit. */
    public static ApiError bodyTooLarge(long limit) {
        return new ApiError(413, bodyTooLargeMessage(limit));
    }

    public static String bodyTooLargeMessage(long limit) {
        return "Request body is larger than " + limit + " bytes";
    }

    /** 415: a media type or charset the route does not read. */
    public static ApiError unsupported(String message) {
        return new ApiError(415, message);
    }

    /** 500: failed on the plugin's side; the message says what, never how. */
    public static ApiError internal(String message) {
        return new ApiError(500, message);
    }

    /** 510: the plugin itself is incomplete (the reference's answer for a missing icon). */
    public static ApiError incomplete(String message) {
        return new ApiError(510, message);
    }

    /** EJB containers wrap application exceptions: the failure to answer for is the one inside. */
    public static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current instanceof EJBException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
