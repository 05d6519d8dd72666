-- Messages of one chat (plugin reference + contact) reach the sender in the order they were accepted.
ALTER TABLE chat_send_task ADD COLUMN chat_key VARCHAR(700);
ALTER TABLE chat_send_task ADD COLUMN accepted_seq BIGINT;
UPDATE chat_send_task SET chat_key = company_id || '|' || plugin_alias || '|' || plugin_id || '|' || contact,
                          accepted_seq = created_at * 1000;
CREATE INDEX chat_send_task_chat ON chat_send_task (chat_key, accepted_seq);
