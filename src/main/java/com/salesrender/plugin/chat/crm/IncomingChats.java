package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.access.PluginReference;
import com.salesrender.plugin.chat.message.Chat;
import com.salesrender.plugin.chat.message.ChatPayload;
import com.salesrender.plugin.chat.message.InvalidChatPayload;
import com.salesrender.plugin.chat.registration.Registrations;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * Forwards what a customer wrote on the gateway to the CRM ({@code PUT .../CRM/plugin/chat/incoming}),
 * durably: it is retried until the CRM takes it, for up to five attempts within five minutes.
 */
@Stateless
public class IncomingChats {

    @Inject
    Registrations registrations;

    @Inject
    CrmRequests requests;

    /**
     * @throws InvalidChatPayload when the message carries an id (the CRM assigns ids to incoming messages)
     * @throws NotRegistered when the plugin reference is not registered
     */
    public void forward(PluginReference reference, Chat chat) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(chat, "chat");
        if (chat.message().hasId()) {
            throw new InvalidChatPayload("An incoming message must not carry a message id: the CRM assigns it");
        }
        if (!registrations.isRegistered(reference)) {
            throw new NotRegistered(reference);
        }
        // A chat built in code gets the payload rules too (NUL, length): the stored form must fit its column.
        JsonObject wire = ChatPayload.write(chat, false);
        ChatPayload.read(wire);
        requests.queue(new CrmRequest(reference, CrmEndpoint.INCOMING, wire, System.currentTimeMillis()));
    }
}
