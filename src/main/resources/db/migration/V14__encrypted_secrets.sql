-- An HPT encrypted with plugin.secrets.key (enc:v1: + base64 of nonce, ciphertext and tag) is longer than the
-- 1024 characters an HPT may have in clear.
ALTER TABLE registration ALTER COLUMN hpt SET DATA TYPE VARCHAR(2048);
