-- Background work per plugin reference (the plugin's ReferenceWorker beans): one row per (reference, worker name)
-- saying which instance holds the work and until when. An instance takes a free or run-out lease with a conditional
-- update, renews it while the work runs and releases it (lease_until: the release time) when the work ends.
-- settings_version is the saved time (plugin_settings.updated_at) of the settings the holder runs with: once the
-- settings are saved again, the holder ends its work and another claim starts it with the new settings.
CREATE TABLE reference_work (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    company_id       VARCHAR(128) NOT NULL,
    plugin_alias     VARCHAR(128) NOT NULL,
    plugin_id        VARCHAR(128) NOT NULL,
    worker           VARCHAR(64)  NOT NULL,
    owner_instance   VARCHAR(36),
    claim_id         VARCHAR(36),
    lease_until      BIGINT       NOT NULL,
    settings_version BIGINT       NOT NULL,
    claimed_at       BIGINT       NOT NULL,
    CONSTRAINT reference_work_reference UNIQUE (company_id, plugin_alias, plugin_id, worker)
);

CREATE INDEX reference_work_claim ON reference_work (claim_id);
