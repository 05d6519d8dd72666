package com.salesrender.plugin.chat.api;

/**
 * Thrown by a {@link ChatSender} when the gateway says the message can never be delivered (an SMTP 550 "mailbox
 * unknown", a Telegram "bot was blocked by the user" or "chat not found"): trying again would only fail again.
 *
 * <p>The message ends {@code FAILED} at once, without using its remaining attempts, exactly as when its last attempt
 * failed: the CRM gets the status {@link MessageStatus#ERROR error}, the next message of its chat goes on, and the
 * reason is kept in its history ({@code Undeliverable: <reason>}). If the CRM sends the same message id again, it is
 * queued again with a fresh set of attempts, like any failed message.
 *
 * <p>Throw it only when the gateway is sure; for "not now" throw {@link RetryLater}, for anything else any other
 * exception (the message is tried again).
 */
public class Undeliverable extends Exception {

    public Undeliverable(String reason) {
        super(reason);
    }

    public Undeliverable(String reason, Throwable cause) {
        super(reason, cause);
    }
}
