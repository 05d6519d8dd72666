-- The gateway ids of incoming messages forwarded to the CRM (IncomingChats.forward with a gateway id): one row per
-- plugin reference and gateway id, written in the transaction that queues the request to the CRM. The primary key
-- decides between two forwards of one id that race: the second insert waits for the first transaction and then
-- finds the row (or takes the id when the first rolled back).
-- reference_key is StoredReference.key(reference): three length-prefixed parts of at most 128 characters.
CREATE TABLE incoming_gateway_id (
    reference_key VARCHAR(400) NOT NULL,
    gateway_id    VARCHAR(255) NOT NULL,
    forwarded_at  BIGINT       NOT NULL,
    PRIMARY KEY (reference_key, gateway_id)
);

-- Retention deletes the oldest first (plugin.incoming.dedup-retention).
CREATE INDEX incoming_gateway_id_forwarded ON incoming_gateway_id (forwarded_at);
