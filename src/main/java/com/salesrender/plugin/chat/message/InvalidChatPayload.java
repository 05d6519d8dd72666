package com.salesrender.plugin.chat.message;

/** The chat payload breaks a protocol rule; the CRM gets a 405 with this message. */
@jakarta.ejb.ApplicationException(rollback = true)
public class InvalidChatPayload extends RuntimeException {

    public InvalidChatPayload(String message) {
        super(message);
    }
}
