package com.salesrender.plugin.chat.settings;

import com.salesrender.plugin.chat.api.FieldErrors;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.SettingsCheck;
import com.salesrender.plugin.chat.api.SettingsForm;
import com.salesrender.plugin.chat.platform.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * A save of a company's settings ({@code PUT /protected/data/settings}): the form's validation, then the plugin's
 * {@link SettingsCheck}s, then the write. The checks may call a slow gateway, so nothing is held while they run: the
 * stored settings are read in a transaction of their own before, and written in another after, and only if what the
 * checks passed is still what would be written (else the round starts again): whatever two saves do at once, the stored
 * settings are always data that passed the checks as a whole.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED) // no transaction, nor its connection, around the checks
public class CheckedSaves {

    /** Rounds of one save, at most: another one only when another save changed what this one would write. */
    static final int ROUNDS = 3;

    @Inject
    CompanySettings settings;

    @Inject
    SettingsForm form;

    @Inject
    SettingsChecks checks;

    /**
     * Validates, checks and saves submitted data; answers the validation (with the saved data when valid, the form's or
     * the checks' field errors when not).
     *
     * @throws ApiError 500 or 504 when the checks failed or took too long, 409 when other saves kept changing the data
     *     this one would write; nothing is saved
     */
    public SettingsForm.Validation save(PluginReference reference, JsonValue submitted) {
        for (int round = 0; round < ROUNDS; round++) {
            Optional<JsonObject> stored = settings.saved(reference);
            SettingsForm.Validation validation = form.validate(submitted, stored.orElse(JsonValue.EMPTY_JSON_OBJECT));
            if (!validation.valid()) {
                return validation;
            }
            FieldErrors refused = checks.check(reference, form.withDefaults(validation.data()));
            if (!refused.isEmpty()) {
                return new SettingsForm.Validation(false, validation.data(), refused.toJson());
            }
            CompanySettings.Write write;
            try {
                write = settings.write(reference, submitted, validation.data());
            } catch (RuntimeException e) {
                if (stored.isEmpty() && settings.saved(reference).isPresent()) {
                    continue; // a first save of another request created the row meanwhile: compare with it
                }
                throw e;
            }
            if (write.outcome() != CompanySettings.Write.Outcome.CHANGED) {
                return write.validation();
            }
        }
        throw ApiError.wrongState("The settings changed while they were checked; nothing was saved, save them again");
    }
}
