-- Keys made from a plugin reference are written one way: each part length-prefixed ("5:acme1;4:chat;1:7;"),
-- since a separator such as '|' may also occur inside a part. The chat keys are rebuilt from their columns,
-- so messages already queued keep their chat's order with the ones accepted after the upgrade.
UPDATE chat_send_task SET chat_key =
        CAST(LENGTH(company_id) AS VARCHAR(10)) || ':' || company_id || ';'
        || CAST(LENGTH(plugin_alias) AS VARCHAR(10)) || ':' || plugin_alias || ';'
        || CAST(LENGTH(plugin_id) AS VARCHAR(10)) || ':' || plugin_id || ';'
        || CAST(LENGTH(contact) AS VARCHAR(10)) || ':' || contact || ';';
UPDATE chat_send_task SET live_chat_key = chat_key WHERE live_chat_key IS NOT NULL;
-- A gate row is only something to lock; the next send of its reference creates it again under the new key.
DELETE FROM send_gate;
