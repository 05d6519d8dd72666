/**
 * Webhook routes a gateway can call without code of its own: a message's status and a customer's message, open only
 * with {@code plugin.gateway.token}. They hand what they read to the API's {@code MessageStatuses} and
 * {@code IncomingChats}. It may use {@code message} (to read the chat), {@code platform} and the plugin API.
 */
package com.salesrender.plugin.chat.gateway;
