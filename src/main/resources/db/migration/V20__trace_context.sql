-- The W3C traceparent of the span that queued a task (tracing on, otel.sdk.disabled=false): the attempts after the
-- queue, on any instance, join the trace of the request that accepted the work. Null with tracing off and in rows
-- stored before; the version before never names the column.
ALTER TABLE chat_send_task ADD COLUMN trace_context VARCHAR(64);
ALTER TABLE crm_request ADD COLUMN trace_context VARCHAR(64);
ALTER TABLE plugin_job ADD COLUMN trace_context VARCHAR(64);
