package com.salesrender.plugin.chat.crm;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.InsertIfAbsent;
import com.salesrender.plugin.chat.platform.TransactionConnection;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The gateway ids of the incoming messages forwarded to the CRM, one row per plugin reference and gateway id (table
 * {@code incoming_gateway_id}, whose primary key is that pair). A forward's look (a native query) and its record (plain
 * JDBC, see {@link InsertIfAbsent}) run on the entity manager's connection, the transaction's, and commit or roll back
 * with it (a connection taken from the data source was not the transaction's inside a plain bean's
 * {@code @Transactional} one: a record made in a transaction that rolled back stayed, and the message was never
 * forwarded again); the retention's deletes on a connection of their own.
 */
@ApplicationScoped
public class GatewayIds {

    @Resource(lookup = "jdbc/chatPlugin")
    DataSource dataSource;

    @PersistenceContext
    EntityManager em;

    /**
     * Whether the gateway id is recorded for the reference (committed, or written by the current transaction). Through
     * the entity manager, which takes the transaction's connection for it: the record after it runs on that one.
     */
    public boolean recorded(PluginReference reference, String gatewayId) {
        return !em.createNativeQuery("SELECT 1 FROM incoming_gateway_id WHERE reference_key = ?1 AND gateway_id = ?2")
                .setParameter(1, StoredReference.key(reference))
                .setParameter(2, gatewayId)
                .getResultList()
                .isEmpty();
    }

    /**
     * Records the gateway id in the current transaction; false when it is recorded already. When another transaction is
     * recording the same id at this moment, this waits for it to end: false when it committed, true (recorded now) when
     * it rolled back. Either way the current transaction goes on: the insert that loses never fails it.
     */
    public boolean record(PluginReference reference, String gatewayId, long now) {
        try {
            return InsertIfAbsent.insert(
                    transactionConnection(),
                    "incoming_gateway_id",
                    "reference_key, gateway_id",
                    "reference_key, gateway_id, forwarded_at",
                    StoredReference.key(reference),
                    gatewayId,
                    now);
        } catch (SQLException e) {
            throw new IllegalStateException("Gateway id of " + reference + " not recorded", e);
        }
    }

    private Connection transactionConnection() {
        return TransactionConnection.of(em);
    }

    /** Deletes up to {@code batch} gateway ids forwarded before {@code cutoff} (epoch ms); answers how many went. */
    public int deleteForwardedBefore(long cutoff, int batch) {
        try (Connection connection = dataSource.getConnection()) {
            List<String[]> keys = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT reference_key, gateway_id FROM"
                    + " incoming_gateway_id WHERE forwarded_at < ? ORDER BY forwarded_at")) {
                select.setLong(1, cutoff);
                select.setMaxRows(batch);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        keys.add(new String[] {rows.getString(1), rows.getString(2)});
                    }
                }
            }
            int deleted = 0;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM incoming_gateway_id"
                    + " WHERE reference_key = ? AND gateway_id = ? AND forwarded_at < ?")) {
                for (String[] key : keys) {
                    delete.setString(1, key[0]);
                    delete.setString(2, key[1]);
                    delete.setLong(3, cutoff);
                    deleted += delete.executeUpdate();
                }
            }
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("Old gateway ids not deleted", e);
        }
    }
}
