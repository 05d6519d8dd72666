package com.salesrender.plugin.chat.api;

import jakarta.interceptor.Interceptor;

/**
 * The gateway adapter: the one interface a plugin author implements. It is a CDI bean; the core calls it for every
 * outgoing message, outside any transaction, one attempt at a time per message.
 *
 * <p>Return normally when the gateway took the message. Throw any exception when it did not: the attempt is recorded
 * with the exception's message and the message is tried again later, until the attempt limit
 * ({@code plugin.send.attempts}) is reached. Throw {@link RetryLater} when the gateway says "not now" (no attempt is
 * used), and {@link Undeliverable} when it says the message can never be delivered (it fails at once, as if its last
 * attempt had failed).
 *
 * <p>To use your own sender, annotate it {@code @ApplicationScoped @Alternative @Priority(ChatSender.PRIORITY)}: it
 * replaces the one shipped in the WAR.
 */
public interface ChatSender {

    /** The {@code @Priority} that makes a plugin author's {@code @Alternative} sender win over the shipped one. */
    int PRIORITY = Interceptor.Priority.APPLICATION + 100;

    void send(OutgoingChat chat) throws Exception;
}
