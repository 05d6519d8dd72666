package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.api.Chat;
import com.salesrender.plugin.chat.api.IncomingChats;
import com.salesrender.plugin.chat.api.InvalidChatPayload;
import com.salesrender.plugin.chat.api.NotRegistered;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.message.ChatPayload;
import com.salesrender.plugin.chat.registration.Registrations;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Objects;
import java.util.function.Function;

/**
 * Relays what a customer wrote on the gateway to the CRM as a stored request: the {@link IncomingChats} plugin authors
 * inject. A refusal reaches the plugin as the exception the API promises and leaves the caller's transaction as it was,
 * since nothing was stored. Inside the caller's transaction the request is queued when it commits; outside any (a
 * gateway poller's thread, a webhook), it is stored at once and sent from here when the route has a place for it
 * ({@link CrmRequestWorker#storeThenSend}), as a webhook's status is.
 */
@ApplicationScoped
public class IncomingChatRelay implements IncomingChats {

    @Inject
    Registrations registrations;

    @Inject
    IncomingForwards forwards;

    @Inject
    CrmRequestWorker worker;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Override
    public void forward(PluginReference reference, Chat chat) {
        JsonObject wire = checked(reference, chat);
        stored(reference, straight -> forwards.forward(reference, wire, straight));
    }

    @Override
    public boolean forward(PluginReference reference, String gatewayId, Chat chat) {
        checkGatewayId(gatewayId);
        JsonObject wire = checked(reference, chat);
        return stored(reference, straight -> forwards.forwardOnce(reference, gatewayId, wire, straight))
                .stored();
    }

    private CrmRequests.Stored stored(PluginReference reference, Function<Boolean, CrmRequests.Stored> store) {
        if (transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
            return store.apply(false); // queued when the caller's transaction commits
        }
        return worker.storeThenSend(reference, store);
    }

    /** The chat as the CRM gets it, once every rule is checked. */
    private JsonObject checked(PluginReference reference, Chat chat) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(chat, "chat");
        if (chat.message().hasId()) {
            throw new InvalidChatPayload("An incoming message must not carry a message id: the CRM assigns it");
        }
        // A chat built in code gets the payload rules too (NUL, length): the stored form must fit its column.
        JsonObject wire = ChatPayload.write(chat, false);
        ChatPayload.read(wire);
        if (!registrations.isRegistered(reference)) {
            throw new NotRegistered(reference);
        }
        return wire;
    }

    /** A gateway id is stored and compared as it is: not blank, at most the column's length, no control character. */
    static void checkGatewayId(String gatewayId) {
        if (gatewayId == null || gatewayId.isBlank()) {
            throw new IllegalArgumentException("A gateway id must not be blank");
        }
        if (gatewayId.length() > MAX_GATEWAY_ID) {
            throw new IllegalArgumentException(
                    "A gateway id must be at most " + MAX_GATEWAY_ID + " characters, not " + gatewayId.length());
        }
        if (gatewayId.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("A gateway id must not hold a control character");
        }
        // An unpaired surrogate is no character: the database would store a replacement, which other ids share.
        for (int i = 0; i < gatewayId.length(); i++) {
            char c = gatewayId.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < gatewayId.length()
                    && Character.isLowSurrogate(gatewayId.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("A gateway id must be text (it holds half a character)");
            }
        }
    }
}
