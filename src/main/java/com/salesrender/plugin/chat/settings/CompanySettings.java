package com.salesrender.plugin.chat.settings;

import com.salesrender.plugin.chat.api.SettingsForm;
import com.salesrender.plugin.chat.api.Settings;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.access.StoredReference;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import com.salesrender.plugin.chat.platform.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.util.Optional;

/**
 * The settings each company saved, stored one row per plugin reference: the {@link Settings} plugin authors
 * inject, and the saving behind {@code PUT /protected/settings}.
 */
@Stateless
@Local(Settings.class) // the plugin API's view; @LocalBean: the core's own, with the methods beyond it
@LocalBean
public class CompanySettings implements Settings {

    @PersistenceContext
    EntityManager em;

    @Inject
    SettingsForm form;

    @Override
    public JsonObject of(PluginReference reference) {
        return form.withDefaults(stored(reference));
    }

    @Override
    public JsonObject stored(PluginReference reference) {
        return saved(reference).orElse(JsonValue.EMPTY_JSON_OBJECT);
    }

    @Override
    public Optional<JsonObject> saved(PluginReference reference) {
        return find(reference, false).map(s -> read(s.data()));
    }

    /** Validates and saves submitted data; answers the validation (with the saved data when valid). */
    public SettingsForm.Validation save(PluginReference reference, JsonValue submitted) {
        Optional<PluginSettings> existing = find(reference, true);
        JsonObject previous = existing.map(s -> read(s.data())).orElse(JsonValue.EMPTY_JSON_OBJECT);
        SettingsForm.Validation validation = form.validate(submitted, previous);
        if (validation.valid()) {
            PluginSettings settings = existing.orElseGet(() -> {
                PluginSettings created = new PluginSettings(reference);
                em.persist(created);
                return created;
            });
            settings.replace(validation.data().toString(), System.currentTimeMillis());
        }
        return validation;
    }

    private Optional<PluginSettings> find(PluginReference reference, boolean forUpdate) {
        var query = StoredReference.bind(em.createQuery("SELECT s FROM PluginSettings s WHERE " + StoredReference.of("s"),
                PluginSettings.class), reference);
        if (forUpdate) {
            query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        return query.getResultStream().findFirst();
    }

    private static JsonObject read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
