package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

/**
 * Stores incoming messages as requests to the CRM, checked already by {@link IncomingChatRelay}: in the caller's
 * transaction when there is one, else in one of their own (REQUIRED). With {@code straight}, the request is stored
 * claimed for the caller to send once that commits, when it may go now ({@link CrmRequests#queueOrClaim}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class IncomingForwards {

    @Inject
    CrmRequests requests;

    @Inject
    GatewayIds gatewayIds;

    public CrmRequests.Stored forward(PluginReference reference, JsonObject wire, boolean straight) {
        return requests.queueOrClaim(
                new CrmRequest(reference, CrmEndpoint.INCOMING, wire, System.currentTimeMillis()), straight);
    }

    /**
     * Forwards unless the gateway id was forwarded before: the id is recorded in the same transaction as the request,
     * so both commit or neither. A repeat is found by a look first; two forwards of one id at once are decided by the
     * table's primary key (see {@link GatewayIds#record}), and the one that loses stores nothing without failing its
     * transaction.
     */
    public CrmRequests.Stored forwardOnce(
            PluginReference reference, String gatewayId, JsonObject wire, boolean straight) {
        long now = System.currentTimeMillis();
        if (gatewayIds.recorded(reference, gatewayId) || !gatewayIds.record(reference, gatewayId, now)) {
            return CrmRequests.Stored.NOTHING;
        }
        return requests.queueOrClaim(new CrmRequest(reference, CrmEndpoint.INCOMING, wire, now), straight);
    }
}
