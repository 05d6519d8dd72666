-- The order of a chat's messages is the order in which they were stored, over every instance sharing the
-- database: the number comes from one database sequence, given by the insert itself (no extra round trip).
-- CACHE 1: a block of numbers held by one instance (or one PostgreSQL session) would give a message stored
-- later through it a smaller number than one stored meanwhile through another.
CREATE SEQUENCE chat_send_order START WITH 1 INCREMENT BY 1 CACHE 1;
-- The numbers given before came from each server's clock (epoch microseconds): they move below the new ones,
-- keeping their order, so messages already queued still go before those stored after the upgrade.
UPDATE chat_send_task SET accepted_seq = accepted_seq - 9000000000000000000;
ALTER TABLE chat_send_task ALTER COLUMN accepted_seq SET DEFAULT nextval('chat_send_order');
-- When a task's first attempt failed: a message that keeps failing holds the later messages of its chat for
-- plugin.send.order-hold from then, no longer.
ALTER TABLE chat_send_task ADD COLUMN first_failed_at BIGINT;
ALTER TABLE crm_request ADD COLUMN first_failed_at BIGINT;
