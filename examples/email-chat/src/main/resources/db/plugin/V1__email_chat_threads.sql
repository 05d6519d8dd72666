-- The mails this plugin sent, by the random token in their Message-ID (<sr.{token}@{host}>): a customer's reply
-- names that Message-ID in In-Reply-To / References, and the token leads back to the CRM chat it answers.
-- One row per CRM message, so every attempt to send it carries the same Message-ID.
CREATE TABLE email_chat_thread (
    token           VARCHAR(32)     NOT NULL PRIMARY KEY,
    company_id      VARCHAR(128)    NOT NULL,
    plugin_alias    VARCHAR(128)    NOT NULL,
    plugin_id       VARCHAR(128)    NOT NULL,
    message_id      VARCHAR(255)    NOT NULL,
    chat_id         VARCHAR(255),
    created_at      TIMESTAMP       NOT NULL,
    CONSTRAINT email_chat_thread_message UNIQUE (company_id, plugin_alias, plugin_id, message_id)
);

-- The mails of one chat, newest first: a new mail of the chat refers to the last one (the customer's mail program
-- shows them as one thread).
CREATE INDEX email_chat_thread_chat ON email_chat_thread (company_id, plugin_alias, plugin_id, chat_id, created_at);
