/**
 * The operator's view: the admin API and the live queue page, open only with {@code plugin.admin.token}. It shows
 * counts and message histories and replays a failed message. It stands above the capabilities it shows and may use
 * {@code send}, {@code crm}, {@code task}, {@code platform} and the plugin API; no package uses it.
 */
package com.salesrender.plugin.chat.admin;
