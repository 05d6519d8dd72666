package com.salesrender.plugin.chat.api;

import jakarta.json.JsonObject;

/**
 * A plugin's own check of a company's settings at save time, after the {@link SettingsForm}'s rules passed: it may
 * refuse settings that cannot work (the SMTP login fails, the bot token is unknown). A CDI bean of the plugin
 * ({@code @ApplicationScoped}); every such bean is asked, in no set order.
 *
 * <p>Field errors are answered as the form's own are: {@code 400} with {@code {group: {field: [message]}}}, and nothing
 * is saved. It is called outside the saving transaction and may call the gateway; keep it within a few seconds (the CRM
 * waits for the answer). An exception it throws is answered {@code 500} and nothing is saved.
 */
public interface SettingsCheck {

    /**
     * @param settings the data about to be saved, completed with the form's defaults, passwords in clear
     * @return the field errors, or {@link FieldErrors#none()}
     */
    FieldErrors check(PluginReference reference, JsonObject settings);
}
