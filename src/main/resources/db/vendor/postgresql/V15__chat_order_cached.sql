-- Nothing on PostgreSQL: several instances may share it, and a cache is per session there (a message stored
-- later through one session could take a smaller number than one stored meanwhile through another), so
-- chat_send_order keeps CACHE 1 (V12). The H2 migration of this version caches its numbers.
SELECT 1;
