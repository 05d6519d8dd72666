/**
 * {@code PUT /registration} and the stored registrations: which companies use the plugin and the HPT each one's
 * requests are signed with. An older token cannot roll a registration back. It may use {@code access}, {@code platform}
 * and the plugin API.
 */
package com.salesrender.plugin.chat.registration;
