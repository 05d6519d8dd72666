-- Requests to the CRM (statuses, incoming messages) share the task columns of chat_send_task.

CREATE TABLE crm_request (
    id              VARCHAR(36)      NOT NULL PRIMARY KEY,
    company_id      VARCHAR(128)     NOT NULL,
    plugin_alias    VARCHAR(128)     NOT NULL,
    plugin_id       VARCHAR(128)     NOT NULL,
    endpoint        VARCHAR(16)      NOT NULL,
    body            VARCHAR(1000000) NOT NULL,
    expires_at      BIGINT           NOT NULL,
    message_id      VARCHAR(255),
    status          VARCHAR(16),
    state           VARCHAR(16)      NOT NULL,
    attempt_number  INTEGER          NOT NULL,
    attempt_limit   INTEGER          NOT NULL,
    last_attempt_at BIGINT,
    next_attempt_at BIGINT           NOT NULL,
    last_error      VARCHAR(500),
    claim_id        VARCHAR(36),
    lease_until     BIGINT,
    enqueued_at     BIGINT           NOT NULL,
    created_at      BIGINT           NOT NULL,
    finished_at     BIGINT
);

CREATE INDEX crm_request_due ON crm_request (state, next_attempt_at);
CREATE INDEX crm_request_lease ON crm_request (state, lease_until);
CREATE INDEX crm_request_message ON crm_request (company_id, plugin_alias, plugin_id, message_id);

-- The furthest status reported per message (company, alias, plugin id, message id in one key).
CREATE TABLE message_status (
    id         VARCHAR(700) NOT NULL PRIMARY KEY,
    status     VARCHAR(16)  NOT NULL,
    updated_at BIGINT       NOT NULL
);
