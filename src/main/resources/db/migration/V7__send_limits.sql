-- Per plugin reference caps on the gateway (plugin.send.limit.*). A reference's gate row is locked while a
-- send is admitted, so instances sharing the database never exceed the caps together.
CREATE TABLE send_gate (
    reference_key VARCHAR(400) NOT NULL PRIMARY KEY,
    created_at    BIGINT       NOT NULL
);
-- The caps' two questions: the reference's sends in flight, and its attempts in the last second.
CREATE INDEX chat_send_task_reference_state ON chat_send_task (company_id, plugin_alias, plugin_id, state);
CREATE INDEX chat_send_task_reference_attempt ON chat_send_task (company_id, plugin_alias, plugin_id, last_attempt_at);
