package com.salesrender.plugin.chat.platform;

/**
 * An error answer with its HTTP status; the client gets {@code {"code": status, "message": ...}}. Each
 * package's own refusals (a token refused, a reference not registered, a payload breaking a rule) extend it.
 */
@jakarta.ejb.ApplicationException(rollback = true)
public class ApiError extends RuntimeException {

    private final int status;

    public ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    public ApiError(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
