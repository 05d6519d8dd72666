package com.salesrender.plugin.chat.access;

/** A CRM token was refused: the request gets a 403 with this reason. */
@jakarta.ejb.ApplicationException(rollback = true)
public class AccessDenied extends RuntimeException {

    public AccessDenied(String reason) {
        super(reason);
    }

    public AccessDenied(String reason, Throwable cause) {
        super(reason, cause);
    }
}
