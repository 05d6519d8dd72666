package com.salesrender.plugin.chat.platform;

/** An error answer with its HTTP status; the client gets {@code {"code": status, "message": ...}}. */
@jakarta.ejb.ApplicationException(rollback = true)
public class ApiError extends RuntimeException {

    private final int status;

    public ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
