-- The chat order check looks only at a chat's live (queued or running) messages. Through chat_key it had to
-- read every earlier message of the chat, done ones included, so a claim grew slower with the chat's history.
ALTER TABLE chat_send_task ADD COLUMN live_chat_key VARCHAR(700);
UPDATE chat_send_task SET live_chat_key = chat_key WHERE state IN ('QUEUED', 'RUNNING');
CREATE INDEX chat_send_task_live_chat ON chat_send_task (live_chat_key, accepted_seq);
