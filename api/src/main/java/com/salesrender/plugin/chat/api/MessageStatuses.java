package com.salesrender.plugin.chat.api;

/**
 * Reports what became of an outgoing message ({@code sent}, {@code delivered}, {@code read}, {@code error}) to the CRM.
 * Call it from a {@link ChatSender} or a gateway webhook; the core provides the bean:
 *
 * <pre>
 * &#64;Inject MessageStatuses statuses;
 * ...
 * statuses.report(chat.reference(), chat.messageId(), MessageStatus.SENT);
 * </pre>
 *
 * Statuses never go backwards: a status that does not follow the furthest one reported so far is not sent.
 */
public interface MessageStatuses {

    /**
     * Queues the status for the CRM (durably: it is retried until the CRM takes it). Answers false when it was not
     * queued because the message already reached this status or a later one. Called from {@link ChatSender#send} for
     * the message being sent, the status is stored with the outcome of that call, in its transaction: should the plugin
     * die before the outcome is recorded, the message is sent again and reports again. The last status so reported goes
     * to the CRM from the send worker right after the outcome is stored, while the CRM answers in time (through the
     * queue otherwise). Called inside a transaction (a {@link PluginJobHandler#run}, a {@code @Transactional} method),
     * the status is stored in it: it reaches the CRM once that commits, never if it rolls back. Outside any, it is
     * stored at once.
     *
     * @throws NotRegistered when the plugin reference is not registered
     * @throws IllegalArgumentException when the message id is blank, too long or holds a NUL
     */
    boolean report(PluginReference reference, String messageId, MessageStatus status);
}
