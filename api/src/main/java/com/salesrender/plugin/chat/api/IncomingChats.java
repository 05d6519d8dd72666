package com.salesrender.plugin.chat.api;

/**
 * Forwards what a customer wrote on the gateway to the CRM ({@code PUT .../CRM/plugin/chat/incoming}), durably: it is
 * retried until the CRM takes it, for up to five attempts within five minutes. The core provides the bean:
 * {@code @Inject IncomingChats incoming; incoming.forward(reference, chat);}.
 */
public interface IncomingChats {

    /**
     * @throws InvalidChatPayload when the message carries an id (the CRM assigns ids to incoming messages) or breaks a
     *     payload rule
     * @throws NotRegistered when the plugin reference is not registered
     */
    void forward(PluginReference reference, Chat chat);
}
