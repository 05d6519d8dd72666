/**
 * Talking back to the CRM: message statuses and customer messages, stored as durable tasks first and then sent as
 * requests signed (HS512) with the registration's HPT. It holds the beans behind the API's {@code MessageStatuses} and
 * {@code IncomingChats}. It may use {@code task}, {@code registration}, {@code message}, {@code access},
 * {@code platform} and the plugin API.
 */
package com.salesrender.plugin.chat.crm;
