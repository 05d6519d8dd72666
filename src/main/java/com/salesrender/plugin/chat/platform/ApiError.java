package com.salesrender.plugin.chat.platform;

import com.salesrender.plugin.chat.api.Refusal;

/**
 * An error answer with its HTTP status; the client gets {@code {"code": status, "message": ...}}. Each
 * package's own refusals (a token refused, a payload breaking a rule) extend it; the refusals a plugin author
 * may catch are the plugin API's {@link Refusal}s, which this is one of.
 */
@jakarta.ejb.ApplicationException(rollback = true)
public class ApiError extends Refusal {

    public ApiError(int status, String message) {
        super(status, message);
    }

    public ApiError(int status, String message, Throwable cause) {
        super(status, message, cause);
    }
}
