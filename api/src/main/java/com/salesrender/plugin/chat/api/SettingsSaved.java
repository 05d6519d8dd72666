package com.salesrender.plugin.chat.api;

import java.util.Objects;

/**
 * A CDI event: a company saved its settings ({@code PUT /protected/data/settings}) and they passed the
 * {@link SettingsForm}'s validation. It carries the reference only: read the values with {@link Settings#of} (which
 * after the commit answers this save, or a later one; passwords in clear, so they are not handed to every observer).
 * Observe it after the commit, as {@link PluginRegistered}:
 *
 * <pre>
 * void changed(&#64;Observes(during = TransactionPhase.AFTER_SUCCESS) SettingsSaved saved) {
 *     reconnect(saved.reference(), settings.of(saved.reference()));
 * }
 * </pre>
 *
 * The same rules hold: seen once per successful save, only on the instance that took the request; a refused save (400,
 * 401, 403) fires nothing; an {@code AFTER_SUCCESS} observer's exception is logged and the save stands. An instance
 * that keeps something derived from the settings (a connection, a cache) must not rely on the event alone: another
 * instance may have taken the save.
 */
public record SettingsSaved(PluginReference reference) {

    public SettingsSaved {
        Objects.requireNonNull(reference, "reference");
    }
}
