-- Runs unchanged on H2 and PostgreSQL. Times are epoch milliseconds.

CREATE TABLE registration (
    id            VARCHAR(36)   NOT NULL PRIMARY KEY,
    company_id    VARCHAR(128)  NOT NULL,
    plugin_alias  VARCHAR(128)  NOT NULL,
    plugin_id     VARCHAR(128)  NOT NULL,
    hpt           VARCHAR(1024) NOT NULL,
    cluster_uri   VARCHAR(1024) NOT NULL,
    country       VARCHAR(2),
    currency      VARCHAR(3),
    registered_at BIGINT        NOT NULL,
    CONSTRAINT registration_reference UNIQUE (company_id, plugin_alias, plugin_id)
);

CREATE TABLE crm_public_key (
    key_id     VARCHAR(128)   NOT NULL PRIMARY KEY,
    pem        VARCHAR(16384) NOT NULL,
    fetched_at BIGINT         NOT NULL
);

CREATE TABLE chat_send_task (
    id              VARCHAR(36)     NOT NULL PRIMARY KEY,
    company_id      VARCHAR(128)    NOT NULL,
    plugin_alias    VARCHAR(128)    NOT NULL,
    plugin_id       VARCHAR(128)    NOT NULL,
    message_id      VARCHAR(255)    NOT NULL,
    contact         VARCHAR(255)    NOT NULL,
    payload         VARCHAR(1000000) NOT NULL,
    state           VARCHAR(16)     NOT NULL,
    attempt_number  INTEGER         NOT NULL,
    attempt_limit   INTEGER         NOT NULL,
    last_attempt_at BIGINT,
    next_attempt_at BIGINT          NOT NULL,
    last_error      VARCHAR(500),
    claim_id        VARCHAR(36),
    lease_until     BIGINT,
    enqueued_at     BIGINT          NOT NULL,
    created_at      BIGINT          NOT NULL,
    finished_at     BIGINT,
    -- A message id is accepted once per plugin reference.
    CONSTRAINT chat_send_task_message UNIQUE (company_id, plugin_alias, plugin_id, message_id)
);

-- The sweeper's two questions: due queued tasks, and claims whose lease ran out.
CREATE INDEX chat_send_task_due ON chat_send_task (state, next_attempt_at);
CREATE INDEX chat_send_task_lease ON chat_send_task (state, lease_until);
