CREATE TABLE plugin_settings (
    id           VARCHAR(36)      NOT NULL PRIMARY KEY,
    company_id   VARCHAR(128)     NOT NULL,
    plugin_alias VARCHAR(128)     NOT NULL,
    plugin_id    VARCHAR(128)     NOT NULL,
    data         VARCHAR(1000000) NOT NULL,
    updated_at   BIGINT           NOT NULL,
    CONSTRAINT plugin_settings_reference UNIQUE (company_id, plugin_alias, plugin_id)
);
