package com.salesrender.plugin.chat.api;

import jakarta.ejb.ApplicationException;

/** The chat payload breaks a protocol rule; the CRM gets a 405 with this message. */
@ApplicationException(rollback = true)
public class InvalidChatPayload extends Refusal {

    public InvalidChatPayload(String message) {
        super(405, message);
    }
}
