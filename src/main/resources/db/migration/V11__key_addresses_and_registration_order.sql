-- CRM public keys are cached by the address they were fetched from ({scheme}://{host}[:{port}]/pkey/{id}), so a
-- key published by one host never verifies a token naming another. The old cache, keyed by id alone, is dropped:
-- each key is fetched once more when next used.
DROP TABLE crm_public_key;
CREATE TABLE crm_public_key (
    key_uri    VARCHAR(1200)  NOT NULL PRIMARY KEY,
    pem        VARCHAR(16384) NOT NULL,
    fetched_at BIGINT         NOT NULL
);

-- When the registration token was issued (its iat, epoch seconds; null when it had none): an older token
-- cannot replace a newer registration.
ALTER TABLE registration ADD COLUMN issued_at BIGINT;
