package com.example.telegram;

import com.salesrender.plugin.chat.api.FieldErrors;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.SettingsCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a bot token Telegram does not know, when the company saves it: {@code getMe} with the token must answer ok (a
 * bot). A token of the wrong form is refused without asking; a refused one (401) and Telegram out of reach are errors
 * on the token field, and nothing is saved. Telegram gets {@code telegram.check.timeout} to answer.
 */
@ApplicationScoped
public class BotTokenCheck implements SettingsCheck {

    @Inject
    BotApi telegram;

    @Inject
    @ConfigProperty(name = "telegram.check.timeout", defaultValue = "PT5S")
    Duration timeout;

    @Override
    public FieldErrors check(PluginReference reference, JsonObject settings) {
        FieldErrors errors = FieldErrors.none();
        Optional<String> token = BotSettings.token(settings);
        if (token.isEmpty()) {
            return errors; // the form's required rule answers for it
        }
        if (!BotSettings.looksLikeToken(token.get())) {
            return errors.add(
                    BotSettings.GROUP, BotSettings.TOKEN, "Not a bot token: @BotFather gives 123456789:AAE...");
        }
        try {
            BotApi.Answer me = telegram.call(token.get(), "getMe", JsonValue.EMPTY_JSON_OBJECT, timeout);
            if (!me.ok()) {
                errors.add(
                        BotSettings.GROUP,
                        BotSettings.TOKEN,
                        me.errorCode() == 401 || me.errorCode() == 404
                                ? "Telegram does not know this bot token"
                                : "Telegram refused the token: " + me.reason());
            } else if (!me.resultObject().getBoolean("is_bot", false)) {
                errors.add(BotSettings.GROUP, BotSettings.TOKEN, "Telegram says this token is not a bot's");
            }
        } catch (BotApi.Unreachable e) {
            errors.add(
                    BotSettings.GROUP,
                    BotSettings.TOKEN,
                    "Telegram could not be asked about the token: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add(BotSettings.GROUP, BotSettings.TOKEN, "The check of the token was interrupted");
        }
        return errors;
    }
}
