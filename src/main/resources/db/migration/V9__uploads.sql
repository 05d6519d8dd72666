-- Files uploaded through /protected/upload, kept in the database so that every instance sharing it serves
-- them. BYTEA is PostgreSQL's byte string and an alias of BINARY VARYING in H2: one script for both.
CREATE TABLE upload (
    name         VARCHAR(64)  NOT NULL PRIMARY KEY,
    company_id   VARCHAR(128) NOT NULL,
    plugin_alias VARCHAR(128) NOT NULL,
    plugin_id    VARCHAR(128) NOT NULL,
    kind         VARCHAR(64)  NOT NULL,
    content_type VARCHAR(128) NOT NULL,
    size         BIGINT       NOT NULL,
    created_at   BIGINT       NOT NULL,
    content      BYTEA        NOT NULL
);

-- Retention deletes the oldest first.
CREATE INDEX upload_created ON upload (created_at);
