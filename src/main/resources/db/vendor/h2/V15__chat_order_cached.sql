-- The embedded H2 database belongs to one instance (several instances share PostgreSQL), and H2 hands out a
-- cached sequence's numbers from one engine, in order: the order of storing holds with a cache too. Without one,
-- every number was written to disk under the database's single lock, where concurrent accepts queued up.
ALTER SEQUENCE chat_send_order CACHE 1000;
