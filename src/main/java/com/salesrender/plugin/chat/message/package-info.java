/**
 * The payload rules: the chat JSON of the CRM and the gateways, read into the API's chat values and written back. Every
 * route reads a chat here, so each refuses a bad one with the same words. It may use only {@code platform} and the
 * plugin API.
 */
package com.salesrender.plugin.chat.message;
