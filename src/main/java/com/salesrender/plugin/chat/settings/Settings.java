package com.salesrender.plugin.chat.settings;

import com.salesrender.plugin.chat.access.PluginReference;
import com.salesrender.plugin.chat.access.StoredReference;
import jakarta.ejb.Stateless;
import com.salesrender.plugin.chat.platform.Secrets;
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
 * The settings of each plugin reference. A {@code ChatSender} reads its company's settings here:
 * {@code settings.of(reference).getJsonObject("main").getString("prefix")}.
 */
@Stateless
public class Settings {

    @PersistenceContext
    EntityManager em;

    @Inject
    SettingsForm form;

    @Inject
    Secrets secrets;

    /** What a stored password setting is, bound to its ciphertext. */
    static final String PASSWORD = "password setting";

    /** The reference's settings, completed with the form's defaults. */
    public JsonObject of(PluginReference reference) {
        return form.withDefaults(stored(reference));
    }

    /** Exactly what was saved for the reference ({@code {}} if nothing yet). */
    public JsonObject stored(PluginReference reference) {
        return saved(reference).orElse(JsonValue.EMPTY_JSON_OBJECT);
    }

    /** What was saved for the reference, empty before its first save. */
    public Optional<JsonObject> saved(PluginReference reference) {
        return find(reference, false).map(this::open);
    }

    /** Validates and saves submitted data; answers the validation (with the saved data when valid). */
    public SettingsForm.Validation save(PluginReference reference, JsonValue submitted) {
        Optional<PluginSettings> existing = find(reference, true);
        JsonObject previous = existing.map(this::open).orElse(JsonValue.EMPTY_JSON_OBJECT);
        SettingsForm.Validation validation = form.validate(submitted, previous);
        if (validation.valid()) {
            PluginSettings settings = existing.orElseGet(() -> {
                PluginSettings created = new PluginSettings(reference);
                em.persist(created);
                return created;
            });
            // Passwords are sealed on every save: one stored before the key was set is encrypted now.
            settings.replace(form.mapPasswords(validation.data(), p -> secrets.seal(PASSWORD, p)).toString(),
                    System.currentTimeMillis());
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

    /**
     * The stored data with its passwords in clear.
     *
     * @throws Secrets.SecretUnreadable when a password is encrypted and {@code plugin.secrets.key} cannot open it
     */
    private JsonObject open(PluginSettings stored) {
        return form.mapPasswords(read(stored.data()), p -> secrets.open(PASSWORD, p));
    }

    private static JsonObject read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
