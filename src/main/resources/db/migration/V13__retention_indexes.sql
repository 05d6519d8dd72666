-- Retention deletes ended tasks oldest first, state by state (plugin.retention.done / .failed): these indexes let
-- it read each batch from the start of one state's range instead of scanning the table. Their history goes by
-- task_event_task (V4), the status records by the time they were last moved.
CREATE INDEX chat_send_task_ended ON chat_send_task (state, finished_at);
CREATE INDEX crm_request_ended ON crm_request (state, finished_at);
CREATE INDEX message_status_updated ON message_status (updated_at);
