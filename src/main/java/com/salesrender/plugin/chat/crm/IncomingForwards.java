package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.api.PluginReference;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

/**
 * Stores incoming messages as requests to the CRM, checked already by {@link IncomingChatRelay}: in the caller's
 * transaction when there is one, else in one of their own (REQUIRED).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class IncomingForwards {

    @Inject
    CrmRequests requests;

    @Inject
    GatewayIds gatewayIds;

    public void forward(PluginReference reference, JsonObject wire) {
        requests.queue(new CrmRequest(reference, CrmEndpoint.INCOMING, wire, System.currentTimeMillis()));
    }

    /**
     * Forwards unless the gateway id was forwarded before: the id is recorded in the same transaction as the request,
     * so both commit or neither. A repeat is found by a look first; two forwards of one id at once are decided by the
     * table's primary key (see {@link GatewayIds#record}), and the one that loses answers false without failing its
     * transaction.
     */
    public boolean forwardOnce(PluginReference reference, String gatewayId, JsonObject wire) {
        long now = System.currentTimeMillis();
        if (gatewayIds.recorded(reference, gatewayId) || !gatewayIds.record(reference, gatewayId, now)) {
            return false;
        }
        requests.queue(new CrmRequest(reference, CrmEndpoint.INCOMING, wire, now));
        return true;
    }
}
