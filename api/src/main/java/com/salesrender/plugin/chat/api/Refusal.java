package com.salesrender.plugin.chat.api;

import jakarta.ejb.ApplicationException;

/**
 * A request the plugin refuses, with the HTTP status its caller gets: the answer is {@code {"code": status, "message":
 * ...}}. A {@link ChatSender} or a gateway webhook may catch the subclasses ({@link NotRegistered},
 * {@link InvalidChatPayload}); left uncaught in a request, they become that answer.
 */
@ApplicationException(rollback = true)
public class Refusal extends RuntimeException {

    private final int status;

    public Refusal(int status, String message) {
        super(message);
        this.status = status;
    }

    public Refusal(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status of the answer (4xx). */
    public int status() {
        return status;
    }
}
