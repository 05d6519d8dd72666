package com.salesrender.plugin.chat.message;

import com.salesrender.plugin.chat.platform.ApiError;

/** The chat payload breaks a protocol rule; the CRM gets a 405 with this message. */
@jakarta.ejb.ApplicationException(rollback = true)
public class InvalidChatPayload extends ApiError {

    public InvalidChatPayload(String message) {
        super(405, message);
    }
}
