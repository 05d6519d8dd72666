/**
 * The routes the settings form's dynamic fields call ({@code /protected/autocomplete/{name}},
 * {@code /protected/preview/table/{name}}, {@code /protected/preview/markdown/{name}}), answered by the plugin's
 * {@code Autocomplete}, {@code TablePreview} and {@code MarkdownPreview} beans found by name; at start, every name the
 * settings form gives must have its bean. It may use {@code registration}, {@code settings}, {@code platform} and the
 * plugin API.
 */
package com.salesrender.plugin.chat.form;
