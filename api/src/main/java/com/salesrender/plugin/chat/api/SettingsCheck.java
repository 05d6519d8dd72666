package com.salesrender.plugin.chat.api;

import jakarta.json.JsonObject;

/**
 * A plugin's own check of a company's settings at save time ({@code PUT /protected/data/settings}), after the
 * {@link SettingsForm}'s rules passed: it may refuse settings that cannot work (the SMTP login fails, the bot token is
 * unknown). A CDI bean of the plugin ({@code @ApplicationScoped}); every such bean is asked, in no set order, each on a
 * thread of its own (not the request's: no request scope), all at once.
 *
 * <p>Nothing of the save is held while it runs, no transaction, no database connection, no lock, so it may call the
 * gateway. The answers:
 *
 * <ul>
 *   <li>field errors: {@code 400} with {@code {group: {field: [message]}}}, the shape of the form's own errors (those
 *       of every check together); nothing is saved, no {@link SettingsSaved};
 *   <li>an exception (or {@code null}): {@code 500} {@code {"code": 500, "message": ...}} (the exception is logged, not
 *       shown); nothing is saved;
 *   <li>no answer from every check within {@code plugin.settings.check-timeout} (default {@code PT10S}): {@code 504}
 *       {@code {"code": 504, "message": ...}}; the threads of the checks still running are interrupted, nothing is
 *       saved. The CRM's user is waiting: keep within a few seconds.
 * </ul>
 *
 * What is saved has passed every check as a whole: when another save of the same company changed the stored settings
 * meanwhile so that this one would now save other data (a password left out keeps the stored one, and that one
 * changed), the checks are asked again with the new data. So a check may be asked more than once for one save (three
 * times at most: then the answer is {@code 409} and nothing is saved).
 */
public interface SettingsCheck {

    /**
     * @param reference whose settings they are
     * @param settings the data about to be saved, as {@link Settings#of} will answer it once saved: every field of the
     *     form, defaults completed, passwords in clear
     * @return the field errors (named as the form names its groups and fields), or {@link FieldErrors#none()}
     */
    FieldErrors check(PluginReference reference, JsonObject settings);
}
