-- The CRM's chat of each Telegram chat, learnt from the CRM's own messages (their chat id and contact): a customer's
-- next message goes back into that chat. Before the CRM wrote to a Telegram chat, its messages carry no chat id and
-- the CRM finds or opens the chat by the contact.
CREATE TABLE telegram_chat (
    company_id VARCHAR(128) NOT NULL,
    plugin_alias VARCHAR(128) NOT NULL,
    plugin_id VARCHAR(128) NOT NULL,
    telegram_chat VARCHAR(32) NOT NULL,
    crm_chat_id VARCHAR(255) NOT NULL,
    PRIMARY KEY (company_id, plugin_alias, plugin_id, telegram_chat)
);
