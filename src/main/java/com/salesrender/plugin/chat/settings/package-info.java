/**
 * Each company's settings: the form and data routes under {@code /protected/}, checked against the API's form model,
 * and the stored values behind the API's {@code Settings}. It may use {@code registration}, {@code access},
 * {@code platform} and the plugin API.
 */
package com.salesrender.plugin.chat.settings;
