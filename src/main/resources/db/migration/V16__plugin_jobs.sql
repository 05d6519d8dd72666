-- Jobs a plugin schedules for later (PluginJobs): tasks like outgoing messages, kept until they ran.
CREATE TABLE plugin_job (
    id              VARCHAR(36)      NOT NULL PRIMARY KEY,
    company_id      VARCHAR(128)     NOT NULL,
    plugin_alias    VARCHAR(128)     NOT NULL,
    plugin_id       VARCHAR(128)     NOT NULL,
    job_type        VARCHAR(64)      NOT NULL,
    data            VARCHAR(1000000) NOT NULL,
    message_id      VARCHAR(255),
    state           VARCHAR(16)      NOT NULL,
    attempt_number  INTEGER          NOT NULL,
    attempt_limit   INTEGER          NOT NULL,
    last_attempt_at BIGINT,
    next_attempt_at BIGINT           NOT NULL,
    first_failed_at BIGINT,
    last_error      VARCHAR(500),
    claim_id        VARCHAR(36),
    lease_until     BIGINT,
    enqueued_at     BIGINT           NOT NULL,
    created_at      BIGINT           NOT NULL,
    finished_at     BIGINT
);

CREATE INDEX plugin_job_due ON plugin_job (state, next_attempt_at);
CREATE INDEX plugin_job_lease ON plugin_job (state, lease_until);
CREATE INDEX plugin_job_ended ON plugin_job (state, finished_at);
