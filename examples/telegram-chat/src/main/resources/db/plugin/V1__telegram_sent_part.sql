-- The parts of a CRM message already sent to Telegram (its text, each attachment: one Bot API call each), so that an
-- attempt after a failed one sends only the parts still missing. The rows of a message are deleted once all its parts
-- are sent; those of a message that failed for good stay (a CRM sending it again goes on from the missing part).
CREATE TABLE telegram_sent_part (
    company_id VARCHAR(128) NOT NULL,
    plugin_alias VARCHAR(128) NOT NULL,
    plugin_id VARCHAR(128) NOT NULL,
    message_id VARCHAR(255) NOT NULL,
    part INTEGER NOT NULL,
    telegram_message_id BIGINT,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (company_id, plugin_alias, plugin_id, message_id, part)
);
