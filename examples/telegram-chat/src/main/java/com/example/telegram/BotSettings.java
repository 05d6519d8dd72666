package com.example.telegram;

import com.salesrender.plugin.chat.api.ChatSender;
import com.salesrender.plugin.chat.api.Field;
import com.salesrender.plugin.chat.api.SettingsForm;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settings form each company fills in: its bot's token, a password field (the core keeps it sealed and never sends
 * it back). {@code @Alternative @Priority} makes the form replace the example form of the core WAR.
 */
@ApplicationScoped
@Alternative
@Priority(ChatSender.PRIORITY)
public class BotSettings {

    public static final String GROUP = "bot";
    public static final String TOKEN = "token";

    /** How @BotFather writes a token: the bot's id, a colon, and its secret part. */
    private static final Pattern TOKEN_FORM = Pattern.compile("\\d{1,20}:[A-Za-z0-9_-]{20,200}");

    @Produces
    @Singleton
    public SettingsForm form() {
        return SettingsForm.titled("Telegram")
                .description("Customers write to your Telegram bot; operators answer them from the CRM. Create the bot"
                        + " with @BotFather and paste its token here: the plugin checks it and points the bot's"
                        + " webhook at itself.")
                .group(
                        "bot",
                        "Bot",
                        group -> group.field(
                                TOKEN,
                                Field.password("Bot token")
                                        .description("From @BotFather, e.g. 123456789:AAE...")
                                        .required()))
                .button("Save");
    }

    /** The company's bot token, when it saved one. */
    public static Optional<String> token(JsonObject settings) {
        return settings.get(GROUP) instanceof JsonObject bot
                        && bot.get(TOKEN) instanceof JsonString token
                        && !token.getString().isBlank()
                ? Optional.of(token.getString().trim())
                : Optional.empty();
    }

    /** Whether the text has the form of a bot token (the Bot API is asked whether it is one). */
    public static boolean looksLikeToken(String token) {
        return TOKEN_FORM.matcher(token).matches();
    }
}
