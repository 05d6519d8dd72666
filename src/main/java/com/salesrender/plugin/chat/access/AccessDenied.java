package com.salesrender.plugin.chat.access;

import com.salesrender.plugin.chat.platform.ApiError;
import jakarta.ejb.ApplicationException;

/** A CRM token was refused: the request gets a 403 with this reason. */
@ApplicationException(rollback = true)
public class AccessDenied extends ApiError {

    public AccessDenied(String reason) {
        super(403, reason);
    }

    public AccessDenied(String reason, Throwable cause) {
        super(403, reason, cause);
    }
}
