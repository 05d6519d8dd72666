package com.salesrender.plugin.chat.api;

/**
 * Forwards what a customer wrote on the gateway to the CRM ({@code PUT .../CRM/plugin/chat/incoming}), durably: it is
 * retried until the CRM takes it, for up to five attempts within five minutes. The core provides the bean:
 * {@code @Inject IncomingChats incoming; incoming.forward(reference, gatewayId, chat);}.
 *
 * <p>Both methods join the caller's transaction (REQUIRED): called inside one (a {@link PluginJobHandler}, a
 * {@code @Transactional} method of the plugin), the forward is stored with it and nothing goes to the CRM if it rolls
 * back; otherwise it is stored in a transaction of its own, at once. A refusal (an exception below) stores nothing and
 * leaves the caller's transaction as it was.
 */
public interface IncomingChats {

    /** The longest gateway id accepted. */
    int MAX_GATEWAY_ID = 255;

    /**
     * Forwards the message once per gateway id: the gateway's own id of what the customer sent (a Telegram
     * {@code update_id}, an e-mail's {@code Message-ID}), unique for the plugin reference. A gateway that delivers the
     * same message twice (a webhook retried, a mailbox read again after a crash) gets it to the CRM once.
     *
     * <p>The id is recorded in the transaction that stores the forward: if that transaction rolls back, the id is not
     * used up and a later forward of it goes to the CRM. Two forwards of one id at the same time (two threads, two
     * instances) are decided by the database: the later waits until the earlier's transaction ends, then answers false
     * when it committed (or forwards, when it rolled back); the one that answers false does not fail its own
     * transaction. Ids are kept for {@code plugin.incoming.dedup-retention} (30 days unless configured): the same id
     * forwarded after that is forwarded again.
     *
     * @return true when it was forwarded now, false when a message with this gateway id was forwarded before (nothing
     *     is done)
     * @throws IllegalArgumentException when the gateway id is blank, longer than {@value #MAX_GATEWAY_ID} characters or
     *     holds a control character
     * @throws InvalidChatPayload when the message carries an id (the CRM assigns ids to incoming messages) or breaks a
     *     payload rule
     * @throws NotRegistered when the plugin reference is not registered
     */
    boolean forward(PluginReference reference, String gatewayId, Chat chat);

    /**
     * Forwards the message, with no check for a repeat: for a gateway that gives its messages no id.
     *
     * @throws InvalidChatPayload when the message carries an id (the CRM assigns ids to incoming messages) or breaks a
     *     payload rule
     * @throws NotRegistered when the plugin reference is not registered
     */
    void forward(PluginReference reference, Chat chat);
}
