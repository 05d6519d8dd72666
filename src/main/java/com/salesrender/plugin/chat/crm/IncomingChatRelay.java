package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.api.Chat;
import com.salesrender.plugin.chat.api.IncomingChats;
import com.salesrender.plugin.chat.api.InvalidChatPayload;
import com.salesrender.plugin.chat.api.NotRegistered;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.message.ChatPayload;
import com.salesrender.plugin.chat.registration.Registrations;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * Relays what a customer wrote on the gateway to the CRM as a queued request: the {@link IncomingChats} plugin authors
 * inject.
 */
@Stateless
@Local(IncomingChats.class) // the plugin API's view; @LocalBean: the core's own, with the methods beyond it
@LocalBean
public class IncomingChatRelay implements IncomingChats {

    @Inject
    Registrations registrations;

    @Inject
    CrmRequests requests;

    @Override
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

    // INTEGRATION PLACEHOLDER on branch twoway only: replaced by the real implementation before main.
    @Override
    public boolean forward(PluginReference reference, String gatewayId, Chat chat) {
        throw new UnsupportedOperationException("forward by gateway id is not implemented yet");
    }
}
