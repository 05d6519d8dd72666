package com.salesrender.plugin.chat.api;

import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * The settings each company saved through the plugin's {@link SettingsForm}. The core provides the bean; a
 * {@link ChatSender} reads its company's settings with
 *
 * <pre>
 * &#64;Inject Settings settings;
 * ...
 * settings.of(chat.reference()).getJsonObject("main").getString("prefix")
 * </pre>
 */
public interface Settings {

    /** The reference's settings, completed with the form's defaults: {@code {group: {field: value}}}. */
    JsonObject of(PluginReference reference);

    /** Exactly what was saved for the reference ({@code {}} if nothing yet). */
    JsonObject stored(PluginReference reference);

    /** What was saved for the reference, empty before its first save. */
    Optional<JsonObject> saved(PluginReference reference);
}
