/**
 * The example plugin: the {@code ChatSender} shipped in the WAR, its settings form and its steps as plugin jobs. It is
 * written the way a plugin author writes one, so it may use the plugin API only. Any sender marked
 * {@code @Alternative @Priority(ChatSender.PRIORITY)} replaces it.
 */
package com.salesrender.plugin.chat.echo;
