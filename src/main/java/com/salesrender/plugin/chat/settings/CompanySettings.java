package com.salesrender.plugin.chat.settings;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.api.Field;
import com.salesrender.plugin.chat.api.FieldGroup;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.Settings;
import com.salesrender.plugin.chat.api.SettingsForm;
import com.salesrender.plugin.chat.api.SettingsSaved;
import com.salesrender.plugin.chat.platform.Json;
import com.salesrender.plugin.chat.platform.ResealedBatch;
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
import java.util.List;
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

    /** Rows read at a time when counting the passwords under a previous key. */
    private static final int OLD_KEY_PAGE = 500;

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

    /**
     * Reseals, with the current key, the password settings of at most {@code size} rows after id {@code afterId} (in id
     * order) that hold one sealed with a previous key or in the format before key ids. A row is rewritten only if it
     * still holds the data read (a save meanwhile sealed its passwords with a current key already); its saved time is
     * left alone (the settings did not change).
     */
    public ResealedBatch resealOldKeys(String afterId, int size) {
        int resealed = 0;
        int[] unreadable = {0};
        List<Object[]> rows = oldKeyRows(afterId, size);
        for (Object[] row : rows) {
            String stored = (String) row[1];
            int[] changed = {0};
            JsonObject data = mapPasswords(read(stored), p -> {
                try {
                    String current = secrets.reseal(PASSWORD, p);
                    changed[0] += current.equals(p) ? 0 : 1;
                    return current;
                } catch (Secrets.SecretUnreadable e) {
                    unreadable[0]++;
                    return p;
                }
            });
            if (changed[0] > 0
                    && em.createQuery(
                                            "UPDATE PluginSettings s SET s.data = :current WHERE s.id = :id AND s.data = :stored")
                                    .setParameter("current", data.toString())
                                    .setParameter("id", row[0])
                                    .setParameter("stored", stored)
                                    .executeUpdate()
                            == 1) {
                resealed += changed[0];
            }
        }
        return new ResealedBatch(
                rows.size(), resealed, unreadable[0], rows.isEmpty() ? afterId : (String) rows.get(rows.size() - 1)[0]);
    }

    /** How many stored password settings open with a previous key only (lost if the previous keys were removed now). */
    public long oldKeyValues() {
        long[] count = {0};
        String after = "";
        List<Object[]> rows;
        do {
            rows = oldKeyRows(after, OLD_KEY_PAGE);
            for (Object[] row : rows) {
                mapPasswords(read((String) row[1]), p -> {
                    count[0] += secrets.needsPreviousKey(PASSWORD, p) ? 1 : 0;
                    return p;
                });
            }
            after = rows.isEmpty() ? after : (String) rows.get(rows.size() - 1)[0];
        } while (rows.size() == OLD_KEY_PAGE);
        return count[0];
    }

    /** Id and data of the rows after {@code afterId} holding a string a previous key, or no key id, sealed. */
    private List<Object[]> oldKeyRows(String afterId, int size) {
        List<String> prefixes = secrets.resealablePrefixes();
        if (prefixes.isEmpty()) {
            return List.of();
        }
        return ResealedBatch.bindPrefixes(
                        em.createQuery(
                                        "SELECT s.id, s.data FROM PluginSettings s WHERE s.id > :after AND "
                                                + ResealedBatch.holdsPrefix("s.data", prefixes.size())
                                                + " ORDER BY s.id",
                                        Object[].class)
                                .setParameter("after", afterId),
                        prefixes,
                        true)
                .setMaxResults(size)
                .getResultList();
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
