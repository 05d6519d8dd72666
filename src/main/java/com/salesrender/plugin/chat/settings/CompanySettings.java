package com.salesrender.plugin.chat.settings;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.Field;
import com.salesrender.plugin.chat.api.FieldGroup;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.Settings;
import com.salesrender.plugin.chat.api.SettingsForm;
import com.salesrender.plugin.chat.api.SettingsSaved;
import com.salesrender.plugin.chat.platform.Json;
import com.salesrender.plugin.chat.platform.Secrets;
import jakarta.ejb.Local;
import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The settings each company saved, stored one row per plugin reference: the {@link Settings} plugin authors inject, and
 * the writing behind {@code PUT /protected/data/settings} ({@link CheckedSaves} decides what is written).
 */
@Stateless
@Local(Settings.class) // the plugin API's view; @LocalBean: the core's own, with the methods beyond it
@LocalBean
public class CompanySettings implements Settings {

    @PersistenceContext
    EntityManager em;

    @Inject
    SettingsForm form;

    @Inject
    Secrets secrets;

    @Inject
    Event<SettingsSaved> settingsSaved;

    /** What a stored password setting is, bound to its ciphertext. */
    static final String PASSWORD = "password setting";

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
        return find(reference, false).map(this::open);
    }

    /**
     * Saves submitted data if it is what was checked: validates it again against the settings stored now (locked until
     * the commit), and writes it only if that gives {@code checked}, the data the plugin's checks passed. Another save
     * may have changed the stored settings since they were read for the checks (a password left out keeps the stored
     * one): then nothing is written and the caller checks again. A write fires the API's {@link SettingsSaved}.
     */
    public Write write(PluginReference reference, JsonValue submitted, JsonObject checked) {
        Optional<PluginSettings> existing = find(reference, true);
        JsonObject previous = existing.map(this::open).orElse(JsonValue.EMPTY_JSON_OBJECT);
        SettingsForm.Validation validation = form.validate(submitted, previous);
        if (!validation.valid()) {
            return new Write(Write.Outcome.REFUSED, validation);
        }
        if (!validation.data().equals(checked)) {
            return new Write(Write.Outcome.CHANGED, validation);
        }
        PluginSettings settings = existing.orElseGet(() -> {
            PluginSettings created = new PluginSettings(reference);
            em.persist(created);
            return created;
        });
        // Passwords are sealed on every save: one stored before the key was set is encrypted now.
        settings.replace(
                mapPasswords(validation.data(), p -> secrets.seal(PASSWORD, p)).toString(), System.currentTimeMillis());
        // Fired in this transaction: AFTER_SUCCESS observers see it once the settings are committed.
        settingsSaved.fire(new SettingsSaved(reference));
        return new Write(Write.Outcome.SAVED, validation);
    }

    /** What {@link #write} did, with the validation against the settings it found stored. */
    public record Write(Outcome outcome, SettingsForm.Validation validation) {

        public enum Outcome {
            /** Written. */
            SAVED,
            /** Invalid against the settings stored now (nothing written). */
            REFUSED,
            /** Valid, but it would now save other data than was checked (nothing written). */
            CHANGED
        }
    }

    private Optional<PluginSettings> find(PluginReference reference, boolean forUpdate) {
        var query = StoredReference.bind(
                em.createQuery("SELECT s FROM PluginSettings s WHERE " + StoredReference.of("s"), PluginSettings.class),
                reference);
        if (forUpdate) {
            query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        return query.getResultStream().findFirst();
    }

    /**
     * The stored data with its passwords in clear.
     *
     * @throws Secrets.SecretUnreadable when a password is encrypted and {@code plugin.secrets.key} cannot open it
     */
    private JsonObject open(PluginSettings stored) {
        return mapPasswords(read(stored.data()), p -> secrets.open(PASSWORD, p));
    }

    private static JsonObject read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    /** The data with each password string passed through {@code change} (to seal it for storage, or to open it). */
    private JsonObject mapPasswords(JsonObject data, UnaryOperator<String> change) {
        JsonObjectBuilder changed = Json.createObjectBuilder(data);
        for (Map.Entry<String, FieldGroup> group : form.groups().entrySet()) {
            if (!(data.get(group.getKey()) instanceof JsonObject values)) {
                continue;
            }
            JsonObjectBuilder groupJson = Json.createObjectBuilder(values);
            for (Map.Entry<String, Field> entry : group.getValue().fields().entrySet()) {
                if (entry.getValue().type() == Field.Type.PASSWORD
                        && values.get(entry.getKey()) instanceof JsonString s) {
                    groupJson.add(entry.getKey(), change.apply(s.getString()));
                }
            }
            changed.add(group.getKey(), groupJson);
        }
        return changed.build();
    }
}
