-- The history of every task: accepted, each failed attempt, done, dropped, given up, replayed.
CREATE TABLE task_event (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    task_id      VARCHAR(36)  NOT NULL,
    task_type    VARCHAR(32)  NOT NULL,
    company_id   VARCHAR(128) NOT NULL,
    plugin_alias VARCHAR(128) NOT NULL,
    plugin_id    VARCHAR(128) NOT NULL,
    message_id   VARCHAR(255),
    event        VARCHAR(32)  NOT NULL,
    attempt      INTEGER      NOT NULL,
    detail       VARCHAR(500),
    at           BIGINT       NOT NULL
);

CREATE INDEX task_event_message ON task_event (company_id, plugin_alias, plugin_id, message_id);
CREATE INDEX task_event_task ON task_event (task_id);
CREATE INDEX chat_send_task_message_id ON chat_send_task (message_id);
