/**
 * Outgoing messages: {@code POST /special/send} stores a send task and queues it, and the message-driven bean hands it
 * to the plugin's {@code ChatSender}. The send kind keeps each chat's order, the retry policy and the caps, and a
 * failed message can be replayed. It may use {@code crm} (to tell the CRM about a message given up), {@code task},
 * {@code registration}, {@code message}, {@code access}, {@code platform} and the plugin API.
 */
package com.salesrender.plugin.chat.send;
